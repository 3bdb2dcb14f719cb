package postgres

import (
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/hubd/hubd/internal/domain/paging"
)

// metricsNamespace prefixes every metric hubd defines itself.
const metricsNamespace = "hubd"

// Metrics are the repository's figures for Prometheus: how often a search ran its count query
// and how often paging.Of found the count unnecessary (the content alone told the total).
// A nil *Metrics records nothing.
type Metrics struct {
	countIssued, countSkipped prometheus.Counter
}

// NewMetrics registers the repository's metrics on reg. Give each repository that shares a
// registry the same Metrics: a second NewMetrics on one registry fails.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	counts := prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: metricsNamespace,
		Subsystem: "search",
		Name:      "count_queries_total",
		Help: "Searches that wanted a total, by whether the count query ran (issued) or the " +
			"page's content already told the total (skipped). Searches with count=none are not counted.",
	}, []string{"outcome"})
	if err := reg.Register(counts); err != nil {
		return nil, fmt.Errorf("postgres: register metrics: %w", err)
	}
	// Both series exist from the start, so a rate over them is defined before the first search.
	return &Metrics{countIssued: counts.WithLabelValues("issued"), countSkipped: counts.WithLabelValues("skipped")}, nil
}

// WithMetrics has the store, and every adapter built on it, record its figures in m.
func WithMetrics(m *Metrics) Option { return func(s *Store) { s.metrics = m } }

// countDecided records what paging.Of decided for a page in mode: whether the count ran.
func (m *Metrics) countDecided(mode paging.CountMode, issued bool) {
	switch {
	case m == nil:
	case issued:
		m.countIssued.Inc()
	case mode != paging.CountNone:
		m.countSkipped.Inc()
	}
}

// NewPoolCollector reports the connection pools' figures from sql.DB.Stats at every scrape:
// the primary's under db="primary" and each read replica's under db="replica-N", N counting
// from 1 in the order given (the order hubd serve numbers them in).
func NewPoolCollector(primary *sqlx.DB, replicas []*sqlx.DB) prometheus.Collector {
	c := &poolCollector{pools: []namedPool{{"primary", primary}}}
	for i, db := range replicas {
		c.pools = append(c.pools, namedPool{fmt.Sprintf("replica-%d", i+1), db})
	}
	return c
}

type namedPool struct {
	name string
	db   *sqlx.DB
}

type poolCollector struct{ pools []namedPool }

func poolDesc(name, help string) *prometheus.Desc {
	return prometheus.NewDesc(prometheus.BuildFQName(metricsNamespace, "db", name), help, []string{"db"}, nil)
}

var (
	poolMaxOpen      = poolDesc("max_open_connections", "The most connections the pool may open (0: no limit).")
	poolOpen         = poolDesc("open_connections", "Connections open, in use or idle.")
	poolInUse        = poolDesc("in_use_connections", "Connections in use by a query or transaction.")
	poolIdle         = poolDesc("idle_connections", "Idle connections kept open.")
	poolWaitCount    = poolDesc("wait_count_total", "Times a caller waited for a free connection.")
	poolWaitDuration = poolDesc("wait_duration_seconds_total", "Time callers spent waiting for a free connection.")
)

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolMaxOpen, poolOpen, poolInUse, poolIdle, poolWaitCount, poolWaitDuration} {
		ch <- d
	}
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	for _, p := range c.pools {
		s := p.db.Stats()
		gauge := func(d *prometheus.Desc, v float64) {
			ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, p.name)
		}
		gauge(poolMaxOpen, float64(s.MaxOpenConnections))
		gauge(poolOpen, float64(s.OpenConnections))
		gauge(poolInUse, float64(s.InUse))
		gauge(poolIdle, float64(s.Idle))
		ch <- prometheus.MustNewConstMetric(poolWaitCount, prometheus.CounterValue, float64(s.WaitCount), p.name)
		ch <- prometheus.MustNewConstMetric(poolWaitDuration, prometheus.CounterValue, s.WaitDuration.Seconds(), p.name)
	}
}
