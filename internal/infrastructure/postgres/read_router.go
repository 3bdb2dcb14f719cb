package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/consistency"
)

// ReadOptions tune a ReadRouter. Zero values take the defaults.
type ReadOptions struct {
	// MaxLag: a replica further behind the primary than this is skipped (default 5 s).
	MaxLag time.Duration
	// Wait: how long a read with a consistency token waits for a replica to catch up before
	// it goes to the primary (default 500 ms).
	Wait time.Duration
	// CheckEvery: how often replicas' health and lag are measured (default 250 ms).
	CheckEvery time.Duration
	Logger     *slog.Logger
}

// Replica is a read replica's pool and the name /readyz shows for it.
type Replica struct {
	Name string
	DB   *sqlx.DB
}

// ReadRouter sends queries to read replicas and everything else to the primary. A replica that
// does not answer, is not in recovery, or lags more than MaxLag is skipped. A read that carries
// a consistency token is served by a replica only once it has replayed that position (waiting
// up to Wait), else by the primary, so a client always reads its own writes.
//
// Lag is measured in time, not bytes: the router samples the primary's WAL position as it goes,
// and a replica's lag is how long ago the primary passed the position the replica has replayed.
// An idle primary therefore never makes a healthy replica look behind.
type ReadRouter struct {
	primary  *sqlx.DB
	reads    *preparedDB
	replicas []*replica
	opts     ReadOptions
	next     atomic.Uint64
	history  lsnHistory
	stop     chan struct{}
	done     chan struct{}
}

type replica struct {
	Replica
	reads *preparedDB
	mu    sync.Mutex
	state replicaState
}

type replicaState struct {
	ok     bool
	replay lsn
	lag    time.Duration
	err    string
}

// NewReadRouter starts measuring the replicas; Close stops it. It does not close the pools.
func NewReadRouter(primary *sqlx.DB, replicas []Replica, opts ReadOptions) *ReadRouter {
	opts.MaxLag = orDefault(opts.MaxLag, 5*time.Second)
	opts.Wait = orDefault(opts.Wait, 500*time.Millisecond)
	opts.CheckEvery = orDefault(opts.CheckEvery, 250*time.Millisecond)
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	r := &ReadRouter{primary: primary, reads: newPreparedDB(primary), opts: opts,
		stop: make(chan struct{}), done: make(chan struct{})}
	for _, rp := range replicas {
		r.replicas = append(r.replicas, &replica{Replica: rp, reads: newPreparedDB(rp.DB)})
	}
	r.check(context.Background())
	go r.run()
	return r
}

// Close stops the health checks.
func (r *ReadRouter) Close() {
	close(r.stop)
	<-r.done
}

func (r *ReadRouter) run() {
	defer close(r.done)
	t := time.NewTicker(r.opts.CheckEvery)
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-t.C:
			r.check(context.Background())
		}
	}
}

// reader picks the database for one read under ctx.
func (r *ReadRouter) reader(ctx context.Context) (*preparedDB, error) {
	if consistency.PrimaryOnly(ctx) || len(r.replicas) == 0 {
		return r.reads, nil
	}
	start, n := r.next.Add(1), uint64(len(r.replicas)) // in uint64: the count may pass MaxInt
	var candidates []*replica
	for i := range n {
		rp := r.replicas[(start+i)%n]
		if rp.current().ok {
			candidates = append(candidates, rp)
		}
	}
	token, ok := consistency.Minimum(ctx)
	if !ok {
		if len(candidates) == 0 {
			return r.reads, nil
		}
		return candidates[0].reads, nil
	}
	want, err := parseLSN(string(token))
	if err != nil {
		return nil, err
	}
	return r.caughtUp(ctx, candidates, want), nil
}

// caughtUp returns the first candidate that has replayed want, polling them for up to Wait,
// else the primary.
func (r *ReadRouter) caughtUp(ctx context.Context, candidates []*replica, want lsn) *preparedDB {
	deadline := time.Now().Add(r.opts.Wait)
	for {
		for _, rp := range candidates {
			if rp.current().replay >= want {
				return rp.reads
			}
		}
		if len(candidates) == 0 || time.Now().After(deadline) {
			return r.reads
		}
		select {
		case <-ctx.Done():
			return r.reads
		case <-time.After(10 * time.Millisecond):
		}
		left := time.Until(deadline)
		if left <= 0 {
			return r.reads
		}
		for _, rp := range candidates {
			r.pollReplay(ctx, rp, left)
		}
	}
}

// pollReplay learns how far a replica has replayed, for a read waiting on a token. It only ever
// raises what the router knows: a poll that fails or times out (a client that gave up, a busy
// machine) says nothing about the replica's health, which the periodic check alone decides.
func (r *ReadRouter) pollReplay(ctx context.Context, rp *replica, within time.Duration) {
	ctx, cancel := context.WithTimeout(ctx, min(within, 200*time.Millisecond))
	defer cancel()
	var replay sql.NullString
	if err := rp.DB.QueryRowContext(ctx, "SELECT pg_last_wal_replay_lsn()::text").Scan(&replay); err != nil || !replay.Valid {
		return
	}
	pos, err := parseLSN(replay.String)
	if err != nil {
		return
	}
	rp.mu.Lock()
	if pos > rp.state.replay {
		rp.state.replay = pos
	}
	rp.mu.Unlock()
}

// recordPosition puts the primary's current WAL position in the context's Recorder, if any:
// the token of a change that has just committed. The change stands whatever happens here, so a
// failure only leaves the caller without a token (its next read may then be stale, never wrong).
func recordPosition(ctx context.Context, primary *sqlx.DB) {
	rec := consistency.RecorderFrom(ctx)
	if rec == nil {
		return
	}
	var pos string
	// The insert position is at or after the commit record, whatever synchronous_commit says.
	if err := primary.QueryRowContext(ctx, "SELECT pg_current_wal_insert_lsn()::text").Scan(&pos); err == nil {
		rec.Record(consistency.Token(pos))
	}
}

func (rp *replica) current() replicaState {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	return rp.state
}

func (rp *replica) set(s replicaState) {
	rp.mu.Lock()
	rp.state = s
	rp.mu.Unlock()
}

var errNotReplica = errors.New("not in recovery: not a replica")

// check samples the primary's position and measures every replica.
func (r *ReadRouter) check(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	var pos string
	if err := r.primary.QueryRowContext(ctx, "SELECT pg_current_wal_lsn()::text").Scan(&pos); err == nil {
		if l, err := parseLSN(pos); err == nil {
			r.history.add(time.Now(), l)
		}
	}
	for _, rp := range r.replicas {
		r.measure(ctx, rp)
	}
}

func (r *ReadRouter) measure(ctx context.Context, rp *replica) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	var inRecovery bool
	var replay sql.NullString
	err := rp.DB.QueryRowContext(ctx, "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text").Scan(&inRecovery, &replay)
	if err == nil && (!inRecovery || !replay.Valid) {
		err = errNotReplica
	}
	var s replicaState
	if err == nil {
		s.replay, err = parseLSN(replay.String)
	}
	if err != nil {
		s.err = err.Error()
		if prev := rp.current(); prev.ok {
			r.opts.Logger.Warn("read replica skipped", "replica", rp.Name, "error", s.err)
		}
		rp.set(s)
		return
	}
	s.lag = r.history.lagOf(s.replay, time.Now())
	s.ok = s.lag <= r.opts.MaxLag
	if !s.ok {
		s.err = fmt.Sprintf("lags %s behind the primary (limit %s)", s.lag.Round(time.Millisecond), r.opts.MaxLag)
	}
	rp.set(s)
}

// DatabaseStatus is one database as /readyz reports it.
type DatabaseStatus struct {
	Name  string
	Role  string // "primary" or "replica"
	OK    bool
	Error string
	Lag   time.Duration // replicas only
}

// Status checks the primary now and reports every replica as last measured.
func (r *ReadRouter) Status(ctx context.Context) []DatabaseStatus {
	out := []DatabaseStatus{PrimaryStatus(ctx, r.primary)}
	for _, rp := range r.replicas {
		s := rp.current()
		out = append(out, DatabaseStatus{Name: rp.Name, Role: "replica", OK: s.ok, Error: s.err, Lag: s.lag})
	}
	return out
}

// PrimaryStatus pings the primary.
func PrimaryStatus(ctx context.Context, db *sqlx.DB) DatabaseStatus {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	s := DatabaseStatus{Name: "primary", Role: "primary", OK: true}
	if err := db.PingContext(ctx); err != nil {
		s.OK, s.Error = false, err.Error()
	}
	return s
}
