package feed_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/feed"
	"github.com/hubd/hubd/internal/apptest"
)

// addShipperEvents writes n events of another aggregate straight into the outbox (no shipper
// adapter exists yet), as its adapter will: its own aggregate type, the same table and seq.
func addShipperEvents(t *testing.T, env *apptest.Env, n int) {
	t.Helper()
	if _, err := env.DB.Exec(`INSERT INTO events (event_id, aggregate_type, aggregate_id, type, version, actor, occurred_at, state)
		SELECT gen_random_uuid(), 'shipper', gen_random_uuid(), 'shipper.created', 1, gen_random_uuid(), now(), '{"shipperId":"x"}'
		FROM generate_series(1, $1)`, n); err != nil {
		t.Fatal(err)
	}
}

// seqsOf is the seqs of the feed's events of aggregateType ("" for all).
func seqsOf(t *testing.T, env *apptest.Env, aggregateType string) []int64 {
	t.Helper()
	all, err := env.App.Feed.Handle(ctx, feed.Query{Actor: env.Master, Limit: feed.MaxBatch, AggregateType: aggregateType})
	if err != nil {
		t.Fatal(err)
	}
	var seqs []int64
	for _, e := range all {
		if aggregateType != "" && e.AggregateType != aggregateType {
			t.Errorf("the feed of %s holds an event of %s", aggregateType, e.AggregateType)
		}
		seqs = append(seqs, e.Seq)
	}
	return seqs
}

// TestHubEvents_AggregateTypeFilter: the feed and the streams of one aggregate type give that
// aggregate's events only, in order and without gaps, whether a stream catches up from the
// feed itself (more than a batch of other events between two of its own) or takes its events
// from the shared read; an unknown type is refused.
func TestHubEvents_AggregateTypeFilter(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.Create(t, apptest.Details("거르기 1", nil))
	addShipperEvents(t, env, 2*feed.StreamBatch+10) // more than two stream batches in between
	env.Create(t, apptest.Details("거르기 2", nil))
	addShipperEvents(t, env, 3)

	all, hubs, shippers := seqsOf(t, env, ""), seqsOf(t, env, "hub"), seqsOf(t, env, "shipper")
	if len(hubs) != 2 || len(shippers) != 2*feed.StreamBatch+13 || len(all) != len(hubs)+len(shippers) {
		t.Fatalf("the feed: %d events, %d of hubs, %d of shippers", len(all), len(hubs), len(shippers))
	}
	if _, err := env.App.Feed.Handle(ctx, feed.Query{Actor: env.Master, AggregateType: "parcel"}); !errors.Is(err, feed.ErrUnknownAggregateType) {
		t.Errorf("aggregate type parcel: %v", err)
	}

	waker := &manualWaker{}
	streams, err := feed.NewStreams(env.App.Feed, feed.StreamOptions{Waker: waker, Heartbeat: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	server := apptest.Actor(access.Server)
	if _, err := streams.SubscribeTo(server, 0, "parcel"); !errors.Is(err, feed.ErrUnknownAggregateType) {
		t.Errorf("a stream of parcel: %v", err)
	}
	everything, err := streams.Subscribe(server, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer everything.Close()
	hubStream, err := streams.SubscribeTo(server, 0, "hub")
	if err != nil {
		t.Fatal(err)
	}
	defer hubStream.Close()
	if got := drain(t, hubStream, hubs[len(hubs)-1]); fmt.Sprint(got) != fmt.Sprint(hubs) {
		t.Errorf("the hub stream caught up with %v, want %v", got, hubs)
	}
	if got := drain(t, everything, all[len(all)-1]); fmt.Sprint(got) != fmt.Sprint(all) {
		t.Errorf("the whole stream caught up with %d events, want %d", len(got), len(all))
	}

	// From the shared read: new events of both, after the streams have caught up.
	addShipperEvents(t, env, 5)
	created := env.Create(t, apptest.Details("거르기 3", nil))
	addShipperEvents(t, env, 5)
	waker.ring()
	newHubs := seqsOf(t, env, "hub")[len(hubs):]
	if got := drain(t, hubStream, newHubs[0]); fmt.Sprint(got) != fmt.Sprint(newHubs) {
		t.Errorf("the hub stream got %v from the shared read, want %v (hub %s)", got, newHubs, created.ID())
	}
	shipperStream, err := streams.SubscribeTo(server, hubs[0], "shipper")
	if err != nil {
		t.Fatal(err)
	}
	defer shipperStream.Close()
	shippersNow := seqsOf(t, env, "shipper")
	got := drain(t, shipperStream, shippersNow[len(shippersNow)-1])
	if want := shippersNow[slices.IndexFunc(shippersNow, func(s int64) bool { return s > hubs[0] }):]; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the shipper stream after %d: %d events, want %d", hubs[0], len(got), len(want))
	}
}
