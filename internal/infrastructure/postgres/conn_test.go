package postgres_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/seed"
)

// TestConnKeepsTheDriversInterfaces: every optional interface of database/sql/driver that
// lib/pq's connection, statement or rows implement, ours implement too, so database/sql takes
// the same paths through them (a missing one would silently change them, e.g. session resets).
// The pre-context Queryer and Execer are the exception: database/sql prefers the context ones.
func TestConnKeepsTheDriversInterfaces(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	connector, err := pq.NewConnector(dsn)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := connector.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer theirs.Close()
	db := openPool(t, dsn, postgres.PoolConfig{})
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	iface := func(p any) reflect.Type { return reflect.TypeOf(p).Elem() }
	connIfaces := []reflect.Type{iface((*driver.ConnPrepareContext)(nil)), iface((*driver.ConnBeginTx)(nil)),
		iface((*driver.QueryerContext)(nil)), iface((*driver.ExecerContext)(nil)), iface((*driver.Pinger)(nil)),
		iface((*driver.SessionResetter)(nil)), iface((*driver.Validator)(nil)), iface((*driver.NamedValueChecker)(nil)),
		iface((*driver.Queryer)(nil)), iface((*driver.Execer)(nil))} //nolint:staticcheck // checked on purpose
	stmtIfaces := []reflect.Type{iface((*driver.StmtExecContext)(nil)), iface((*driver.StmtQueryContext)(nil)),
		iface((*driver.NamedValueChecker)(nil)), iface((*driver.ColumnConverter)(nil))} //nolint:staticcheck // checked on purpose
	rowsIfaces := []reflect.Type{iface((*driver.RowsNextResultSet)(nil)), iface((*driver.RowsColumnTypeScanType)(nil)),
		iface((*driver.RowsColumnTypeDatabaseTypeName)(nil)), iface((*driver.RowsColumnTypeLength)(nil)),
		iface((*driver.RowsColumnTypeNullable)(nil)), iface((*driver.RowsColumnTypePrecisionScale)(nil))}
	exempt := map[reflect.Type]bool{iface((*driver.Queryer)(nil)): true, iface((*driver.Execer)(nil)): true} //nolint:staticcheck // checked on purpose

	compare := func(what string, theirs, ours any, ifaces []reflect.Type) {
		for _, it := range ifaces {
			if reflect.TypeOf(theirs).Implements(it) && !reflect.TypeOf(ours).Implements(it) && !exempt[it] {
				t.Errorf("lib/pq's %s implements %s, ours does not", what, it)
			}
		}
	}
	sample := func(c driver.Conn) (driver.Stmt, driver.Rows) {
		st, err := c.(driver.ConnPrepareContext).PrepareContext(ctx, `SELECT $1::int`)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := st.(driver.StmtQueryContext).QueryContext(ctx, []driver.NamedValue{{Ordinal: 1, Value: int64(1)}})
		if err != nil {
			t.Fatal(err)
		}
		return st, rows
	}
	theirStmt, theirRows := sample(theirs)
	err = conn.Raw(func(dc any) error {
		ours := dc.(driver.Conn)
		compare("connection", theirs, ours, connIfaces)
		ourStmt, ourRows := sample(ours)
		compare("statement", theirStmt, ourStmt, stmtIfaces)
		compare("rows", theirRows, ourRows, rowsIfaces)
		return errors.Join(ourRows.Close(), ourStmt.Close())
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(theirRows.Close(), theirStmt.Close()); err != nil {
		t.Fatal(err)
	}
}

// TestPoolThroughTheConnectorKeepsWorking runs what hubd does on its pool: the repository
// (transactions, the statement cache, a unique violation that must still be a pq.Error to
// become ErrNameTaken), sqlx scans, and COPY (pq.CopyIn, which the synthetic seed uses).
func TestPoolThroughTheConnectorKeepsWorking(t *testing.T) {
	t.Parallel()
	db, err := postgres.Open(ctx, pgtest.NewDatabase(t), postgres.PoolConfig{StatementTimeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	repo := hubRepo(t, postgres.NewStore(db))
	h := mustCreate(t, repo, details("연결 센터"), base)
	if _, err := repo.Update(ctx, h.ID(), func(h *hub.Hub) error {
		return h.Change(details("연결 허브"), master, base.Add(time.Minute))
	}); err != nil {
		t.Fatal(err)
	}
	dup, _ := hub.New(details("연결 허브"), master, base)
	if err := repo.Create(ctx, dup); !errors.Is(err, hub.ErrNameTaken) {
		t.Errorf("a taken name through the connector: %v, want ErrNameTaken (a pq.Error underneath)", err)
	}
	for range 3 { // the statement cache: prepared once, run again
		if got := mustSearch(t, repo, hub.SearchCondition{NamePrefix: "연결"}, 0, 10, paging.Order{Property: "hubName"}); fmt.Sprint(names(got.Content)) != "[연결 허브]" {
			t.Errorf("search: %v", names(got.Content))
		}
	}
	var settings struct {
		Timeout string `db:"statement_timeout"`
		Check   string `db:"check"`
	}
	if err := db.Get(&settings, `SELECT current_setting('statement_timeout') AS statement_timeout,
		current_setting('client_connection_check_interval') AS check`); err != nil || settings.Timeout != "3s" || settings.Check != "1s" {
		t.Errorf("session settings %+v (%v), want statement_timeout 3s and client_connection_check_interval 1s", settings, err)
	}
	res, err := seed.Synthetic(ctx, db.DB, 500, seed.SyntheticOptions{Seed: 1, BatchSize: 200})
	if err != nil || res.Added != 500 {
		t.Fatalf("COPY through the connector: %+v, %v", res, err)
	}
	var n int
	if err := db.Get(&n, `SELECT count(*) FROM hubs`); err != nil || n != 501 {
		t.Errorf("%d hubs after the COPY (%v), want 501", n, err)
	}
}

// TestCutStatementStopsOnTheServer: hubd sends no cancel request when a context ends during a
// statement; the connection is cut off instead, and the server, checking its client every
// second (client_connection_check_interval), stops the statement and ends the backend.
func TestCutStatementStopsOnTheServer(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	db := openPool(t, dsn, postgres.PoolConfig{})
	direct := openPool(t, dsn, postgres.PoolConfig{})
	c, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	_, err := within2(t, "a statement whose context ends", func() (any, error) {
		return db.ExecContext(c, `SELECT pg_sleep(60) /* cut-me */`)
	})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
	eventually(t, 5*time.Second, "the server stops the statement", func() error {
		var n int
		if err := direct.Get(&n, `SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%cut-me%' AND pid <> pg_backend_pid()`); err != nil || n != 0 {
			return fmt.Errorf("%d backends still run it (%v)", n, err)
		}
		return nil
	})
}

// TestEventNotifierClosesWhileTheServerIsFrozen: lib/pq's Listener holds its lock while it waits
// for the server to answer a LISTEN, and its Close needs that lock; against a frozen server
// Close must still return at once.
func TestEventNotifierClosesWhileTheServerIsFrozen(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	proxy := newFaultProxy(t, dsn)
	n, err := postgres.NewEventNotifier(proxy.dsn(dsn), nil)
	if err != nil {
		t.Fatal(err)
	}
	proxy.set(frozen)
	safety := time.AfterFunc(20*time.Second, func() { proxy.set(flowing) })
	defer safety.Stop()
	listening := make(chan error, 1)
	go func() { listening <- postgres.ListenerOf(n).Listen("another_channel") }()
	time.Sleep(200 * time.Millisecond) // the LISTEN is on its way, the lock taken
	if err := within(t, time.Second, "closing the notifier", n.Close); err != nil {
		t.Errorf("close: %v", err)
	}
	select {
	case err := <-listening:
		t.Logf("the LISTEN ended: %v", err)
	case <-time.After(5 * time.Second):
		t.Errorf("the LISTEN still waits after Close")
	}
}
