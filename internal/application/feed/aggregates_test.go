package feed_test

import (
	"testing"

	"github.com/hubd/hubd/internal/application/feed"
	"github.com/hubd/hubd/internal/domain/kernel"
)

// TestEveryAggregateTypeHasItsStateProperty: a type the feed accepts always has the name its
// events carry the state under, and an unknown type is a client's mistake (Invalid), not a 500.
func TestEveryAggregateTypeHasItsStateProperty(t *testing.T) {
	for _, typ := range feed.AggregateTypes {
		if feed.StateProperty(typ) == "" {
			t.Errorf("aggregate type %q has no state property", typ)
		}
	}
	if got := feed.StateProperty("hub"); got != "hub" {
		t.Errorf("StateProperty(hub) = %q", got)
	}
	if feed.StateProperty("parcel") != "" {
		t.Error("an unknown type has a state property")
	}
	if k := kernel.KindOf(feed.ErrUnknownAggregateType); k != kernel.Invalid {
		t.Errorf("ErrUnknownAggregateType is of kind %v, want Invalid", k)
	}
}
