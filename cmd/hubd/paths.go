package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/jmoiron/sqlx"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/hubd/hubd/internal/application/feed"
	netquery "github.com/hubd/hubd/internal/application/network/query"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/networkstore"
)

// startPaths builds this instance's network projection from the primary and starts it following
// the feed, woken by waker (and polling as a safety net). The caller closes it. It reads only the
// primary (its snapshot, the feed's head and the feed itself), so it has a store of its own
// there: no read routing, no statement cache to share. Its gauges go on reg (pathMetrics).
func startPaths(ctx context.Context, primary *sqlx.DB, waker feed.Waker, reg prometheus.Registerer, log *slog.Logger) (*netquery.Projection, error) {
	store := postgres.NewStore(primary)
	reader, err := networkstore.New(store)
	if err != nil {
		return nil, err
	}
	p, err := netquery.New(reader, store, netquery.Options{Waker: waker, Logger: log})
	if err != nil {
		return nil, err
	}
	if err := reg.Register(pathMetrics(p)); err != nil {
		return nil, fmt.Errorf("register the network's metrics: %w", err)
	}
	if err := p.Start(ctx); err != nil {
		return nil, fmt.Errorf("build the network of paths: %w", err)
	}
	s := p.Stats()
	log.Info("network projection started", "seq", s.Seq)
	return p, nil
}

// pathMetrics are the projection's figures as Prometheus metrics, read from its Stats at each
// scrape (they cost a few loads, no lock), so they always describe the graph requests are
// answered from, whichever swap installed it:
//
//   - hubd_network_graph_bytes: the graph's memory (network.Graph.Bytes), its arrays at capacity;
//     divided by hubd_network_routes it is the memory per route;
//   - hubd_network_hubs, hubd_network_routes: the graph's live hubs and routes;
//   - hubd_network_seq: the feed position the graph reflects (compare it with the feed's head to
//     see how far behind this instance is);
//   - hubd_network_events_applied_total, hubd_network_rebuilds_total: events applied from the
//     feed, graphs built from a snapshot of the database (the start's included).
func pathMetrics(p *netquery.Projection) prometheus.Collector {
	return pathCollector{p: p, descs: [...]*prometheus.Desc{
		prometheus.NewDesc("hubd_network_graph_bytes", "Memory held by this instance's in-memory graph of hubs and routes, in bytes.", nil, nil),
		prometheus.NewDesc("hubd_network_hubs", "Live hubs in this instance's in-memory graph.", nil, nil),
		prometheus.NewDesc("hubd_network_routes", "Live routes in this instance's in-memory graph.", nil, nil),
		prometheus.NewDesc("hubd_network_seq", "The event feed position this instance's graph reflects.", nil, nil),
		prometheus.NewDesc("hubd_network_events_applied_total", "Events of the feed applied to the graph.", nil, nil),
		prometheus.NewDesc("hubd_network_rebuilds_total", "Graphs built from a snapshot of the database, the start's included.", nil, nil),
	}}
}

// pathCollector reads one Stats per scrape, so the figures of one scrape describe one graph.
type pathCollector struct {
	p     *netquery.Projection
	descs [6]*prometheus.Desc
}

func (c pathCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range c.descs {
		ch <- d
	}
}

func (c pathCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.p.Stats()
	values := [...]float64{float64(s.GraphBytes), float64(s.Hubs), float64(s.Routes), float64(s.Seq), float64(s.Applied), float64(s.Rebuilds)}
	for i, v := range values {
		kind := prometheus.GaugeValue
		if i >= 4 {
			kind = prometheus.CounterValue
		}
		ch <- prometheus.MustNewConstMetric(c.descs[i], kind, v)
	}
}
