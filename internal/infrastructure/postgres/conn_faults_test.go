package postgres_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// The deadline every operation gets in these tests, and how late its answer may be: the margin
// is for a loaded machine, the cut itself is immediate.
const (
	faultDeadline = 500 * time.Millisecond
	faultLimit    = faultDeadline + 500*time.Millisecond
)

// unavailableErr is what the repository turns into ErrUnavailable (a 503): a deadline, a
// network error, a connection database/sql calls bad.
func unavailableErr(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) || errors.Is(err, driver.ErrBadConn)
}

// TestPoolAnswersInTimeWhenTheServerFreezes freezes the server (the proxy holds everything, as
// SIGSTOP of every PostgreSQL process would) with the pool's connections in every state: idle,
// pinned, inside transactions, with prepared statements, none yet. Every operation must fail
// within its deadline (lib/pq alone waits until the server is back), a connection that was
// cut off must never be used again, and after the thaw the pool must serve at once with fresh
// connections while the server drops the old ones and keeps nothing of what was cut off.
func TestPoolAnswersInTimeWhenTheServerFreezes(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	proxy := newFaultProxy(t, dsn)
	db := openPool(t, proxy.dsn(dsn), postgres.PoolConfig{MaxOpenConns: 8})
	direct := openPool(t, dsn, postgres.PoolConfig{}) // past the proxy, to look at the server
	mustExec(t, direct, `CREATE TABLE t (v int)`)

	pinned, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer pinned.Close()
	var pinnedPID int
	if err := pinned.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pinnedPID); err != nil {
		t.Fatal(err)
	}
	prepared, err := db.PrepareContext(ctx, `SELECT $1::int`)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := prepared.Close(); err != nil {
			t.Error(err)
		}
	}()
	// Transactions begun before the freeze, whose contexts end during it.
	commitCtx, endCommit := context.WithCancel(ctx)
	defer endCommit()
	toCommit := beginWith(t, db, commitCtx, 1)
	rollbackCtx, endRollback := context.WithCancel(ctx)
	defer endRollback()
	toRollBack := beginWith(t, db, rollbackCtx, 2)
	var wg sync.WaitGroup
	for range 4 { // idle connections in the pool
		wg.Go(func() { _, _ = db.ExecContext(ctx, `SELECT pg_sleep(0.05)`) })
	}
	wg.Wait()
	fresh := openPool(t, proxy.dsn(dsn), postgres.PoolConfig{})                                // not one connection yet
	bounded := openPool(t, proxy.dsn(dsn), postgres.PoolConfig{ConnectTimeout: faultDeadline}) // nor this one

	proxy.set(frozen)
	safety := time.AfterFunc(20*time.Second, func() { proxy.set(flowing) }) // so that a failure ends
	defer safety.Stop()
	frozenAt := time.Now()
	time.AfterFunc(faultDeadline, endCommit)
	time.AfterFunc(faultDeadline, endRollback)
	timed := func(f func(context.Context) error) func() error {
		return func() error {
			c, cancel := context.WithTimeout(ctx, faultDeadline)
			defer cancel()
			return f(c)
		}
	}
	ops := map[string]func() error{
		"a query on a pooled connection": timed(func(c context.Context) error {
			var one int
			return db.QueryRowContext(c, `SELECT 1`).Scan(&one)
		}),
		"an exec": timed(func(c context.Context) error {
			_, err := db.ExecContext(c, `UPDATE t SET v = v WHERE false`)
			return err
		}),
		"a prepared statement": timed(func(c context.Context) error {
			var v int
			return prepared.QueryRowContext(c, 7).Scan(&v)
		}),
		"a transaction": timed(func(c context.Context) error {
			tx, err := db.BeginTx(c, nil)
			if err == nil {
				_ = tx.Rollback()
			}
			return err
		}),
		"a ping": timed(db.PingContext),
		"the pinned connection": timed(func(c context.Context) error {
			var one int
			return pinned.QueryRowContext(c, `SELECT 1`).Scan(&one)
		}),
		"a commit, its context ending": toCommit.Commit,
		"a rollback after its context ended": func() error {
			<-rollbackCtx.Done()
			return toRollBack.Rollback()
		},
		"a new connection": timed(func(c context.Context) error {
			var one int
			return fresh.QueryRowContext(c, `SELECT 1`).Scan(&one)
		}),
		"a new connection, no deadline but the connect timeout": func() error {
			return bounded.PingContext(context.Background())
		},
	}
	errs := make(map[string]error, len(ops))
	var mu sync.Mutex
	var slowest time.Duration
	for what, op := range ops {
		wg.Go(func() {
			start := time.Now()
			err := within(t, faultLimit, what+" against a frozen server", op)
			mu.Lock()
			errs[what], slowest = err, max(slowest, time.Since(start))
			mu.Unlock()
		})
	}
	wg.Go(func() {
		s := within(t, 2*time.Second+faultLimit-faultDeadline, "the readiness check", func() error {
			if s := postgres.PrimaryStatus(ctx, db); !s.OK {
				return errors.New(s.Error)
			}
			return nil
		})
		if s == nil {
			t.Errorf("the readiness check of a frozen primary is OK")
		}
	})
	wg.Wait()
	for what, err := range errs {
		if what == "a rollback after its context ended" {
			continue // database/sql rolled back already, when the context ended: ErrTxDone
		}
		if !unavailableErr(err) {
			t.Errorf("%s against a frozen server: err = %v, want a deadline or network error", what, err)
		}
	}
	t.Logf("%d operations against the frozen server (deadline %s): the slowest answered after %s; the readiness check (2s timeout) ended %s after the freeze",
		len(ops), faultDeadline, slowest.Round(time.Millisecond), time.Since(frozenAt).Round(time.Millisecond))

	// A connection that was cut off refuses without asking the server, even once it is back.
	proxy.set(flowing)
	var one int
	if err := pinned.QueryRowContext(ctx, `SELECT 1`).Scan(&one); !errors.Is(err, driver.ErrBadConn) {
		t.Errorf("the pinned connection after the thaw: err = %v, want driver.ErrBadConn (never reused)", err)
	}
	thawed := time.Now()
	var pids sync.Map
	for i := range 20 {
		wg.Go(func() {
			var v, pid int
			if err := db.QueryRowContext(ctx, `SELECT $1::int, pg_backend_pid()`, i).Scan(&v, &pid); err != nil || v != i {
				t.Errorf("query %d after the thaw: %d, %v", i, v, err)
			}
			pids.Store(pid, true)
		})
	}
	wg.Wait()
	t.Logf("20 queries after the thaw took %s", time.Since(thawed).Round(time.Millisecond))
	if _, ok := pids.Load(pinnedPID); ok {
		t.Errorf("backend %d, cut off during the freeze, answered after the thaw", pinnedPID)
	}
	eventually(t, 5*time.Second, "the server drops the connections that were cut off", func() error {
		var n int
		if err := direct.Get(&n, `SELECT count(*) FROM pg_stat_activity WHERE pid = $1`, pinnedPID); err != nil || n != 0 {
			return fmt.Errorf("backend %d still there (%v)", pinnedPID, err)
		}
		return nil
	})
	// The rollback sent nothing and the server rolled back when the connection closed. (The
	// commit is another matter: sent before its context ended, it reached the server and may
	// have taken effect after the thaw. No client can know; see the README's Decisions.)
	eventually(t, 5*time.Second, "the cut-off transaction rolled back", func() error {
		var n int
		if err := direct.Get(&n, `SELECT count(*) FROM t WHERE v = 2`); err != nil || n != 0 {
			return fmt.Errorf("%d rows of the transaction whose context ended (%v)", n, err)
		}
		return nil
	})
}

// TestPoolAnswersInTimeWhenOnlyNewConnectionsHang: with the postmaster frozen its backends keep
// serving, so pooled connections work while a new connection waits in the backlog, until its
// context or the connect timeout ends it.
func TestPoolAnswersInTimeWhenOnlyNewConnectionsHang(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	proxy := newFaultProxy(t, dsn)
	db := openPool(t, proxy.dsn(dsn), postgres.PoolConfig{MaxOpenConns: 2, ConnectTimeout: faultDeadline})
	held, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	proxy.set(postmasterFrozen)
	defer proxy.set(flowing)
	var one int
	if err := within(t, faultLimit, "a query on a pooled connection", func() error {
		return held.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
	}); err != nil {
		t.Errorf("a pooled connection while only the postmaster is frozen: %v", err)
	}
	c, cancel := context.WithTimeout(ctx, faultDeadline)
	defer cancel()
	err = within(t, faultLimit, "a query needing a new connection", func() error { return db.QueryRowContext(c, `SELECT 1`).Scan(&one) })
	if !unavailableErr(err) {
		t.Errorf("a new connection to a frozen postmaster: err = %v, want a deadline or network error", err)
	}
	err = within(t, faultLimit, "a new connection with only the connect timeout", func() error { return db.PingContext(context.Background()) })
	if !unavailableErr(err) || !strings.Contains(fmt.Sprint(err), "connect timeout") {
		t.Errorf("a new connection without a deadline: err = %v, want the connect timeout", err)
	}
	proxy.set(flowing)
	if err := within(t, faultLimit, "a new connection after the thaw", func() error { return db.PingContext(ctx) }); err != nil {
		t.Errorf("after the thaw: %v", err)
	}
}

// TestPoolAnswersInTimeWhateverTheServerDoes points the pool at servers that are not there or
// do not behave: every attempt must end within its deadline, or within the connect timeout
// when the caller set none, with an error the repository calls unavailable.
func TestPoolAnswersInTimeWhateverTheServerDoes(t *testing.T) {
	t.Parallel()
	refused := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		return fmt.Sprintf("postgres://hubd@%s/hubd?sslmode=disable", ln.Addr())
	}()
	servers := map[string]string{
		"accepts and never answers":  silentServer(t),
		"answers one byte at a time": tricklingServer(t),
		"refuses connections":        refused,
		// TEST-NET-1, routed nowhere: the dial hangs, or fails at once where there is no route.
		"is unreachable": "postgres://hubd@192.0.2.1:5432/hubd?sslmode=disable",
	}
	for what, dsn := range servers {
		t.Run(what, func(t *testing.T) {
			t.Parallel()
			db, err := postgres.OpenLazy(dsn, postgres.PoolConfig{ConnectTimeout: faultDeadline})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			c, cancel := context.WithTimeout(ctx, faultDeadline/2)
			defer cancel()
			if err := within(t, faultDeadline/2+faultLimit-faultDeadline, "a ping with a deadline", func() error { return db.PingContext(c) }); !unavailableErr(err) {
				t.Errorf("ping with a deadline: err = %v, want a deadline or network error", err)
			}
			if err := within(t, faultLimit, "a ping without one", func() error { return db.PingContext(context.Background()) }); !unavailableErr(err) {
				t.Errorf("ping without a deadline: err = %v, want the connect timeout or a network error", err)
			}
			if _, err := within2(t, "Open", func() (*sqlx.DB, error) {
				c, cancel := context.WithTimeout(ctx, faultDeadline)
				defer cancel()
				return postgres.Open(c, dsn, postgres.PoolConfig{})
			}); err == nil {
				t.Errorf("Open succeeded")
			}
		})
	}
}

// within2 is within for a function with a result.
func within2[T any](t *testing.T, what string, f func() (T, error)) (T, error) {
	t.Helper()
	var v T
	err := within(t, faultLimit, what, func() error {
		var err error
		v, err = f()
		return err
	})
	return v, err
}

func openPool(t *testing.T, dsn string, cfg postgres.PoolConfig) *sqlx.DB {
	t.Helper()
	db, err := postgres.OpenLazy(dsn, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// beginWith begins a transaction under c that inserts v.
func beginWith(t *testing.T, db *sqlx.DB, c context.Context, v int) *sql.Tx {
	t.Helper()
	tx, err := db.BeginTx(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(c, `INSERT INTO t VALUES ($1)`, v); err != nil {
		t.Fatal(err)
	}
	return tx
}

// eventually polls cond every 50ms until it returns nil or within has passed.
func eventually(t *testing.T, within time.Duration, what string, cond func() error) {
	t.Helper()
	var err error
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if err = cond(); err == nil {
			return
		}
	}
	t.Errorf("%s: not within %s: %v", what, within, err)
}
