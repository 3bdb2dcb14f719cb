package query

import (
	"context"
	"math"
	"strconv"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/domain/kernel"
)

// The bounds of a nearest-hubs query's limit, and the limit when the caller gives none.
const (
	MinNearestLimit     = 1
	MaxNearestLimit     = 20
	DefaultNearestLimit = 5
)

// NearestHubs asks for the Limit live hubs with a location nearest to a point (WGS 84 degrees).
// Limit is MinNearestLimit to MaxNearestLimit; a caller that was given none passes
// DefaultNearestLimit (zero is not a default here but out of range, so that limit=0 is refused).
type NearestHubs struct {
	Actor     access.Actor
	Latitude  float64
	Longitude float64
	Limit     int
}

// NearHub is one hub of the answer and its great-circle distance from the point asked about, on
// a sphere of radius 6371.0088 km (the mean earth radius of IUGG), not rounded.
type NearHub struct {
	DistanceKm float64
	Hub        HubView
}

// HubsNearer is NearestHubs' read model.
type HubsNearer interface {
	// NearestHubs returns at most limit live hubs that have a location, nearest first by
	// DistanceKm, equal distances by hub id (as PostgreSQL orders uuids: byte-wise), so the
	// order is total and the answer is sorted by exactly the values it shows. The arguments
	// are in range (NearestHubs.Validate).
	NearestHubs(ctx context.Context, latitude, longitude float64, limit int) ([]NearHub, error)
}

// ErrInvalidNearest is matched by every validation error of a nearest-hubs query; its fields
// name the query parameters of the contract.
var ErrInvalidNearest = kernel.NewError(kernel.Invalid, "INVALID_PARAMETER", "invalid nearest-hubs query")

// Validate reports every parameter out of range, by its name in the contract. NaN is out of
// every range.
func (q NearestHubs) Validate() error {
	var v kernel.Validator
	inRange := func(name string, x, limit float64) {
		if math.IsNaN(x) || x < -limit || x > limit {
			v.Add(name, "must be between -"+strconv.Itoa(int(limit))+" and "+strconv.Itoa(int(limit)))
		}
	}
	inRange("latitude", q.Latitude, 90)
	inRange("longitude", q.Longitude, 180)
	if q.Limit < MinNearestLimit || q.Limit > MaxNearestLimit {
		v.Add("limit", "must be between "+strconv.Itoa(MinNearestLimit)+" and "+strconv.Itoa(MaxNearestLimit))
	}
	return v.Err(ErrInvalidNearest)
}

// NearestHubsHandler finds the hubs nearest to a point, with the rights of reading hubs: every
// role but CUSTOMER. Deleted hubs are never among them, whoever asks: a deleted hub is nowhere.
type NearestHubsHandler struct{ views HubsNearer }

// NewNearestHubsHandler refuses a nil read model.
func NewNearestHubsHandler(views HubsNearer) (NearestHubsHandler, error) {
	return NearestHubsHandler{views}, checkReadModel(views)
}

// Handle checks the query as sent, then the caller's rights (as BatchGetHubs does: a bad
// parameter is a 400 for every role), and asks the read model.
func (h NearestHubsHandler) Handle(ctx context.Context, q NearestHubs) ([]NearHub, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	if !q.Actor.CanRead() {
		return nil, access.ErrForbidden
	}
	return h.views.NearestHubs(ctx, q.Latitude, q.Longitude, q.Limit)
}
