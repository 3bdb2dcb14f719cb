package query_test

import (
	"testing"

	"github.com/hubd/hubd/internal/application/query"
	"github.com/hubd/hubd/internal/domain/kernel"
)

// TestEveryAggregateTypeHasItsStateProperty: a type the feed accepts always has the name its
// events carry the state under, and an unknown type is a client's mistake (Invalid), not a 500.
func TestEveryAggregateTypeHasItsStateProperty(t *testing.T) {
	for _, typ := range query.AggregateTypes {
		if query.StateProperty(typ) == "" {
			t.Errorf("aggregate type %q has no state property", typ)
		}
	}
	if got := query.StateProperty("hub"); got != "hub" {
		t.Errorf("StateProperty(hub) = %q", got)
	}
	if query.StateProperty("parcel") != "" {
		t.Error("an unknown type has a state property")
	}
	if k := kernel.KindOf(query.ErrUnknownAggregateType); k != kernel.Invalid {
		t.Errorf("ErrUnknownAggregateType is of kind %v, want Invalid", k)
	}
}
