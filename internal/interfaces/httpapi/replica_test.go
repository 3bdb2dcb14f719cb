package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/hubstore"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

const replicaWait = 400 * time.Millisecond

// replicated is the service over a real primary and a real streaming replica.
type replicated struct {
	*env
	pair    *pgtest.Pair
	replica *sqlx.DB
	router  *postgres.ReadRouter
}

func newReplicated(t *testing.T) *replicated {
	t.Helper()
	pair := pgtest.Replicated(t)
	primary, err := postgres.Open(context.Background(), pair.PrimaryDSN, postgres.PoolConfig{})
	if err != nil {
		t.Fatal(err)
	}
	replica, err := sqlx.Open("postgres", pair.ReplicaDSN)
	if err != nil {
		t.Fatal(err)
	}
	router := postgres.NewReadRouter(primary, []postgres.Replica{{Name: "replica-1", DB: replica}},
		postgres.ReadOptions{MaxLag: 5 * time.Second, Wait: replicaWait, CheckEvery: 50 * time.Millisecond})
	t.Cleanup(func() { router.Close(); _ = replica.Close(); _ = primary.Close() })
	repo, err := hubstore.New(postgres.NewStore(primary, postgres.ReadThrough(router)))
	if err != nil {
		t.Fatal(err)
	}
	en := &env{t: t, logs: &syncBuffer{}, now: clockNow, db: primary, done: make(chan struct{})}
	en.serve(repo, nil, func(ctx context.Context) []httpapi.DatabaseStatus {
		var out []httpapi.DatabaseStatus
		for _, d := range router.Status(ctx) {
			out = append(out, httpapi.DatabaseStatus{Name: d.Name, Role: d.Role, OK: d.OK, Error: d.Error})
		}
		return out
	})
	return &replicated{env: en, pair: pair, replica: replica, router: router}
}

// create makes a hub and returns its path and the consistency token the change answered with.
func (r *replicated) create(name string) (path, tok string) {
	r.t.Helper()
	res := r.master("POST", "/api/v1/hubs", `{"hubName":"`+name+`","address":{"address1":"주소"}}`)
	if res.Code != http.StatusCreated || res.Header.Get(httpapi.HeaderConsistencyToken) == "" {
		r.t.Fatalf("create: %d token %q %s", res.Code, res.Header.Get(httpapi.HeaderConsistencyToken), res.Body)
	}
	return res.Header.Get("Location"), res.Header.Get(httpapi.HeaderConsistencyToken)
}

// TestReplicas_ReadYourWrites: a create followed at once by a read with its token always sees
// the create, though reads go to the replica.
func TestReplicas_ReadYourWrites(t *testing.T) {
	t.Parallel()
	r := newReplicated(t)
	for i := range 40 {
		path, tok := r.create(fmt.Sprintf("ryw %02d", i))
		if res := r.master("GET", path, "", httpapi.HeaderConsistencyToken, tok); res.Code != http.StatusOK {
			t.Fatalf("read %d with the token: %d %s", i, res.Code, res.Body)
		}
	}
	expectProblem(t, r.master("GET", "/api/v1/hubs", "", httpapi.HeaderConsistencyToken, "not-a-token"), 400, "INVALID_PARAMETER")
}

// TestReplicas_PausedReplication: with replay paused on the replica, a read with a token falls
// back to the primary within the wait bound, and a read without one is served by the replica
// (which does not have the new hub yet).
func TestReplicas_PausedReplication(t *testing.T) {
	t.Parallel()
	r := newReplicated(t)
	if _, err := r.replica.Exec("SELECT pg_wal_replay_pause()"); err != nil {
		t.Fatal(err)
	}
	path, tok := r.create("paused")
	start := time.Now()
	res := r.master("GET", path, "", httpapi.HeaderConsistencyToken, tok)
	took := time.Since(start)
	if res.Code != http.StatusOK || took < replicaWait || took > replicaWait+2*time.Second {
		t.Errorf("read with token while paused: %d after %v (wait bound %v)", res.Code, took, replicaWait)
	}
	if res := r.master("GET", path, ""); res.Code != http.StatusNotFound {
		t.Errorf("read without token while paused: %d, want 404 from the replica", res.Code)
	}
	if _, err := r.replica.Exec("SELECT pg_wal_replay_resume()"); err != nil {
		t.Fatal(err)
	}
	r.pair.WaitReplayed(t)
	if res := r.master("GET", path, ""); res.Code != http.StatusOK {
		t.Errorf("read without token after resuming: %d", res.Code)
	}
}

// TestReplicas_StoppedReplicaIsSkippedAndReported: reads keep working on the primary, and
// /readyz stays 200 but reports the replica.
func TestReplicas_StoppedReplicaIsSkippedAndReported(t *testing.T) {
	t.Parallel()
	r := newReplicated(t)
	path, _ := r.create("survivor")
	r.pair.WaitReplayed(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := r.pair.Replica.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	var health struct {
		Status    string
		Databases []struct {
			Name, Role, Error string
			OK                bool
		}
	}
	for {
		res := r.do("GET", "/readyz", "")
		if res.Code != 200 {
			t.Fatalf("readyz with a stopped replica: %d %s", res.Code, res.Body)
		}
		if err := json.Unmarshal(res.Body, &health); err != nil {
			t.Fatal(err)
		}
		if len(health.Databases) == 2 && !health.Databases[1].OK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz does not report the stopped replica: %s", res.Body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if db := health.Databases; !db[0].OK || db[0].Role != "primary" || db[1].Name != "replica-1" || db[1].Error == "" {
		t.Errorf("readyz: %+v", health)
	}
	for range 5 {
		if res := r.master("GET", path, ""); res.Code != http.StatusOK {
			t.Errorf("read with the replica down: %d", res.Code)
		}
		if res := r.as(access.Server, masterID, "GET", "/api/v1/hubs?hubName=surv", ""); res.Code != 200 || !strings.Contains(string(res.Body), "survivor") {
			t.Errorf("search with the replica down: %d", res.Code)
		}
	}
}
