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
	b = append(b, `,"isDeleted":`...)
	b = strconv.AppendBool(b, v.Deleted)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, v.Version, 10)
	b = append(b, `,"createdAt":`...)
	b = httpapi.AppendJSONTime(b, v.CreatedAt)
	b = append(b, `,"createdBy":`...)
	b = httpapi.AppendUUID(b, v.CreatedBy)
	b = append(b, `,"updatedAt":`...)
	b = httpapi.AppendJSONTime(b, v.UpdatedAt)
	b = append(b, `,"updatedBy":`...)
	b = httpapi.AppendUUID(b, v.UpdatedBy)
	b = append(b, `,"deletedAt":`...)
	if v.DeletedAt == nil {
		b = append(b, "null"...)
	} else {
		b = httpapi.AppendJSONTime(b, *v.DeletedAt)
	}
	b = append(b, `,"deletedBy":`...)
	b = httpapi.AppendUUIDPtr(b, v.DeletedBy)
	return append(b, '}')
}
