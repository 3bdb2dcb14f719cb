package routeapi

import (
	"strconv"

	"github.com/hubd/hubd/internal/application/route/query"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// appendRouteJSON appends the contract's route (query.RouteState) for a view, byte for byte
// what encoding/json makes of it.
func appendRouteJSON(b []byte, v query.RouteView) []byte {
	b = append(b, `{"routeId":`...)
	b = httpapi.AppendUUID(b, v.ID)
	b = append(b, `,"departureHubId":`...)
	b = httpapi.AppendUUID(b, v.DepartureHubID)
	b = append(b, `,"arrivalHubId":`...)
	b = httpapi.AppendUUID(b, v.ArrivalHubID)
	b = append(b, `,"distanceKm":`...)
	b = httpapi.AppendJSONFloat(b, v.DistanceKm)
	b = append(b, `,"durationMinutes":`...)
	b = strconv.AppendInt(b, int64(v.DurationMinutes), 10)
	b = httpapi.AppendAudit(b, httpapi.Audit{Deleted: v.Deleted, Version: v.Version, CreatedAt: v.CreatedAt, CreatedBy: v.CreatedBy,
		UpdatedAt: v.UpdatedAt, UpdatedBy: v.UpdatedBy, DeletedAt: v.DeletedAt, DeletedBy: v.DeletedBy})
	return append(b, '}')
}
