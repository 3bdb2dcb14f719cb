package postgres_test

import (
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/hubstore"
)

// gathered is the value of the series name{label=value} on reg; -1 when there is none.
func gathered(t *testing.T, reg prometheus.Gatherer, name, label, value string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			if !hasLabel(m, label, value) {
				continue
			}
			switch {
			case m.Counter != nil:
				return m.GetCounter().GetValue()
			case m.Gauge != nil:
				return m.GetGauge().GetValue()
			}
		}
	}
	return -1
}

func hasLabel(m *dto.Metric, name, value string) bool {
	for _, l := range m.GetLabel() {
		if l.GetName() == name && l.GetValue() == value {
			return true
		}
	}
	return false
}

// TestMetrics_CountQueriesMatchTheDriver: the issued counter moves exactly when a COUNT statement
// reaches the server, and the skipped counter exactly when a search that wanted a total did
// without one; count=none moves neither.
func TestMetrics_CountQueriesMatchTheDriver(t *testing.T) {
	t.Parallel()
	db, log := pgtest.OpenCounting(t)
	reg := prometheus.NewRegistry()
	m, err := postgres.NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.NewMetrics(reg); err == nil {
		t.Error("a second NewMetrics on one registry must fail, not count twice")
	}
	repo, err := hubstore.New(postgres.NewStore(db, postgres.WithMetrics(m)))
	if err != nil {
		t.Fatal(err)
	}
	const name = "hubd_search_count_queries_total"
	if i, s := gathered(t, reg, name, "outcome", "issued"), gathered(t, reg, name, "outcome", "skipped"); i != 0 || s != 0 {
		t.Fatalf("before any search: issued %v, skipped %v; want both series at 0", i, s)
	}
	for i := range 10 {
		mustCreate(t, repo, details("hub "+string(rune('a'+i))), base.Add(time.Duration(i)*time.Second))
	}
	cases := []struct {
		name       string
		page, size int
		mode       paging.CountMode
		issued     bool
		skipped    bool
	}{
		{"first page not full", 0, 20, paging.CountExact, false, true},
		{"first page full", 0, 4, paging.CountExact, true, false},
		{"last page not full", 2, 4, paging.CountExact, false, true},
		{"page past the end", 3, 4, paging.CountExact, true, false},
		{"estimated, first page full", 0, 4, paging.CountEstimated, true, false},
		{"estimated, first page not full", 0, 20, paging.CountEstimated, false, true},
		{"none, more after", 0, 4, paging.CountNone, false, false},
		{"none, past the end", 9, 4, paging.CountNone, false, false},
	}
	for _, c := range cases {
		issued, skipped := gathered(t, reg, name, "outcome", "issued"), gathered(t, reg, name, "outcome", "skipped")
		log.Reset()
		p, err := paging.NewPageable(c.page, c.size, nil)
		if err != nil {
			t.Fatal(err)
		}
		p.Count = c.mode
		if _, err := repo.Search(ctx, hub.SearchCondition{}, p); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		dIssued := gathered(t, reg, name, "outcome", "issued") - issued
		dSkipped := gathered(t, reg, name, "outcome", "skipped") - skipped
		if want := map[bool]float64{false: 0, true: 1}; dIssued != want[c.issued] || dSkipped != want[c.skipped] {
			t.Errorf("%s: issued +%v, skipped +%v; want +%v, +%v", c.name, dIssued, dSkipped, want[c.issued], want[c.skipped])
		}
		if counts := log.Count("SELECT COUNT("); float64(counts) != dIssued {
			t.Errorf("%s: %d count statements at the driver, but issued moved by %v", c.name, counts, dIssued)
		}
	}
}

// TestMetrics_PoolFigures reads the pool's figures from sql.DB.Stats at scrape time: a held
// transaction is a connection in use.
func TestMetrics_PoolFigures(t *testing.T) {
	t.Parallel()
	db := pgtest.Open(t)
	db.SetMaxOpenConns(7)
	reg := prometheus.NewRegistry()
	if err := reg.Register(postgres.NewPoolCollector(db, nil)); err != nil {
		t.Fatal(err)
	}
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	for name, want := range map[string]float64{
		"hubd_db_max_open_connections": 7,
		"hubd_db_in_use_connections":   1,
	} {
		if got := gathered(t, reg, name, "db", "primary"); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	for _, name := range []string{"hubd_db_open_connections", "hubd_db_idle_connections",
		"hubd_db_wait_count_total", "hubd_db_wait_duration_seconds_total"} {
		if got := gathered(t, reg, name, "db", "primary"); got < 0 {
			t.Errorf("%s is missing", name)
		}
	}
	if got := gathered(t, reg, "hubd_db_open_connections", "db", "primary"); got < 1 {
		t.Errorf("open connections %v while a transaction holds one", got)
	}
	_ = tx.Rollback()
	if got := gathered(t, reg, "hubd_db_in_use_connections", "db", "primary"); got != 0 {
		t.Errorf("in use %v after the transaction ended", got)
	}
}

func TestMetrics_PoolFiguresNameTheReplicas(t *testing.T) {
	t.Parallel()
	primary, replica := pgtest.Open(t), pgtest.Open(t)
	reg := prometheus.NewRegistry()
	reg.MustRegister(postgres.NewPoolCollector(primary, []*sqlx.DB{replica}))
	for _, db := range []string{"primary", "replica-1"} {
		if got := gathered(t, reg, "hubd_db_open_connections", "db", db); got < 0 {
			t.Errorf("no pool figures for %s", db)
		}
	}
}
