package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

const batchGet = "/api/v1/hubs/batch-get"

// idsBody is a batch look-up's body for ids.
func idsBody(ids ...uuid.UUID) string {
	b, _ := json.Marshal(map[string][]uuid.UUID{"hubIds": ids})
	return string(b)
}

// TestBatchGet_ShapeOrderAndNotFound: the hubs come in the order asked, each once, in the same
// JSON as GET /hubs/{id}; ids without a hub, and deleted hubs for all but MASTER, are listed
// under notFound in the order asked; CUSTOMER is refused.
func TestBatchGet_ShapeOrderAndNotFound(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	a := en.createHub("가 센터", nil)
	b := en.createHub("나 센터", nil)
	gone := en.createHub("지운 센터", nil)
	en.advance(time.Hour)
	if r := en.master("DELETE", "/api/v1/hubs/"+gone.String(), ""); r.Code != http.StatusNoContent {
		t.Fatalf("delete: %d %s", r.Code, r.Body)
	}
	unknown := uuid.MustParse("0f5e6a4c-1d7b-4c53-9a43-2f1d3c6b8e02")
	body := idsBody(b, unknown, gone, a, b, unknown)
	one := func(id uuid.UUID) string { // the hub as GET answers it, without the newline
		return strings.TrimSuffix(string(en.master("GET", "/api/v1/hubs/"+id.String(), "").Body), "\n")
	}

	res := en.master("POST", batchGet, body)
	want := `{"content":[` + one(b) + `,` + one(gone) + `,` + one(a) + `],"notFound":["` + unknown.String() + `"]}` + "\n"
	expectExact(t, "master", res, want, map[string]string{"Content-Type": "application/json", "ETag": ""})
	if res.Code != http.StatusOK {
		t.Errorf("master: %d", res.Code)
	}

	want = `{"content":[` + one(b) + `,` + one(a) + `],"notFound":["` + unknown.String() + `","` + gone.String() + `"]}` + "\n"
	for _, role := range []access.Role{access.HubManager, access.Company, access.Shipper, access.Server} {
		res := en.as(role, uuid.New(), "POST", batchGet, body)
		if res.Code != http.StatusOK {
			t.Errorf("%s: %d %s", role, res.Code, res.Body)
		}
		expectExact(t, string(role), res, want, nil)
	}
	expectProblem(t, en.as(access.Customer, uuid.New(), "POST", batchGet, body), http.StatusForbidden, "FORBIDDEN")

	expectExact(t, "empty", en.master("POST", batchGet, `{"hubIds":[]}`), `{"content":[],"notFound":[]}`+"\n", nil)
}

// TestBatchGet_BadRequests: every bad body is a 400 naming what is wrong, before the role is
// looked at; a wrong content type is 415, and no token 401.
func TestBatchGet_BadRequests(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	hundred := make([]uuid.UUID, 100)
	for i := range hundred {
		hundred[i] = uuid.New()
	}
	if r := en.master("POST", batchGet, idsBody(hundred...)); r.Code != http.StatusOK || !strings.Contains(string(r.Body), hundred[99].String()) {
		t.Errorf("100 ids: %d %.200s", r.Code, r.Body)
	}
	for _, c := range []struct{ name, body, field string }{
		{"101 ids", idsBody(append(hundred, uuid.New())...), "hubIds"},
		{"101 copies of one id", idsBody(append(hundred[:0:0], repeat(hundred[0], 101)...)...), "hubIds"},
		{"not a UUID", `{"hubIds":["` + hundred[0].String() + `","nope"]}`, "hubIds[1]"},
		{"a UUID in braces", `{"hubIds":["{` + hundred[0].String() + `}"]}`, "hubIds[0]"},
		{"a UUID without hyphens", `{"hubIds":["` + strings.ReplaceAll(hundred[0].String(), "-", "") + `"]}`, "hubIds[0]"},
		{"a number", `{"hubIds":[7]}`, "hubIds[0]"},
		{"a null element", `{"hubIds":[null]}`, "hubIds[0]"},
		{"not an array", `{"hubIds":"` + hundred[0].String() + `"}`, "hubIds"},
		{"missing", `{}`, "hubIds"},
		{"null", `{"hubIds":null}`, "hubIds"},
		{"an unknown field", `{"hubIds":[],"hubids":[]}`, "hubids"},
		{"a key in another case", `{"HubIds":[]}`, "HubIds"},
	} {
		for _, role := range []access.Role{access.Master, access.Customer} {
			res := en.as(role, uuid.New(), "POST", batchGet, c.body)
			p := expectProblem(t, res, http.StatusBadRequest, "INVALID_BODY")
			if len(p.Errors) == 0 || p.Errors[0].Field != c.field {
				t.Errorf("%s as %s: errors %+v, want the field %s", c.name, role, p.Errors, c.field)
			}
		}
	}
	for name, body := range map[string]string{
		"a key given twice":   `{"hubIds":[],"hubIds":[]}`,
		"two values":          `{"hubIds":[]} {}`,
		"malformed":           `{"hubIds":[`,
		"empty":               ``,
		"an array, no object": `[]`,
	} {
		if res := en.master("POST", batchGet, body, "Content-Type", "application/json"); res.Code != http.StatusBadRequest || problemOf(t, res).Code != "INVALID_BODY" {
			t.Errorf("%s: %d %s, want 400 INVALID_BODY", name, res.Code, res.Body)
		}
	}
	expectProblem(t, en.master("POST", batchGet, `{"hubIds":[]}`, "Content-Type", "text/plain"), http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE")
	expectProblem(t, en.do("POST", batchGet, `{"hubIds":[]}`), http.StatusUnauthorized, "UNAUTHENTICATED")
}

func repeat(id uuid.UUID, n int) []uuid.UUID {
	out := make([]uuid.UUID, n)
	for i := range out {
		out[i] = id
	}
	return out
}

// TestBatchGet_OtherMethods: the batch look-up is POST only. Another method on its path is a
// request for the hub whose id is "batch-get" (Echo falls back to /hubs/:hubId), which is no
// UUID: a 400 naming hubId, never a 5xx or a look-up. Sent without the document check, whose
// router takes the path for the batch look-up's and finds no such method there.
func TestBatchGet_OtherMethods(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	for _, m := range []string{"GET", "PUT", "PATCH", "DELETE"} {
		req := httptest.NewRequest(m, batchGet, nil)
		req.Header.Set("Authorization", "Bearer "+en.token(access.Master, masterID))
		res := en.send(req)
		if res.Code != http.StatusBadRequest {
			t.Errorf("%s %s: %d %s, want 400", m, batchGet, res.Code, res.Body)
		}
		if p := problemOf(t, res); len(p.Errors) != 1 || p.Errors[0].Field != "hubId" {
			t.Errorf("%s %s: %s, want hubId named", m, batchGet, res.Body)
		}
	}
}

// TestReplicas_BatchGetReadsYourWrites: the batch look-up is a read through the read router: with
// replay paused on the replica, a look-up with the create's consistency token finds the new hub
// (from the primary, after the wait), one without it does not (from the replica).
func TestReplicas_BatchGetReadsYourWrites(t *testing.T) {
	t.Parallel()
	r := newReplicated(t)
	if _, err := r.replica.Exec("SELECT pg_wal_replay_pause()"); err != nil {
		t.Fatal(err)
	}
	path, tok := r.create("paused batch")
	id := uuid.MustParse(strings.TrimPrefix(path, "/api/v1/hubs/"))
	var got struct {
		Content  []struct{ HubID uuid.UUID }
		NotFound []uuid.UUID
	}
	res := r.master("POST", batchGet, idsBody(id), httpapi.HeaderConsistencyToken, tok)
	res.decode(t, &got)
	if res.Code != http.StatusOK || len(got.Content) != 1 || got.Content[0].HubID != id {
		t.Errorf("with the token while paused: %d %s", res.Code, res.Body)
	}
	got.Content, got.NotFound = nil, nil
	res = r.master("POST", batchGet, idsBody(id))
	res.decode(t, &got)
	if res.Code != http.StatusOK || len(got.Content) != 0 || len(got.NotFound) != 1 {
		t.Errorf("without the token while paused: %d %s, want it not found on the replica", res.Code, res.Body)
	}
	if _, err := r.replica.Exec("SELECT pg_wal_replay_resume()"); err != nil {
		t.Fatal(err)
	}
	expectProblem(t, r.master("POST", batchGet, idsBody(id), httpapi.HeaderConsistencyToken, "not-a-token"), http.StatusBadRequest, "INVALID_PARAMETER")
}
