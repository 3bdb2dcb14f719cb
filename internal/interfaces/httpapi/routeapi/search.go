package routeapi

import (
	"net/url"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/route"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// The route search's own parameters; the paging ones are every search's (httpapi.SearchSpec).
const (
	paramDepartureHubID = "departureHubId"
	paramArrivalHubID   = "arrivalHubId"
	paramHubID          = "hubId"
)

// searchSpec is GET /api/v1/hub-routes: its filters and the fields it sorts by.
var searchSpec = httpapi.NewSearchSpec(routesPath,
	[]string{paramDepartureHubID, paramArrivalHubID, paramHubID}, route.SortableProperties)

// searchCondition reads the route filters of a search, checked: a bad value is a 400 that
// names its parameter. No route filter stands for the caller (httpapi.Search's self).
func searchCondition(q url.Values, deleted bool, _ uuid.UUID) (route.SearchCondition, error) {
	cond := route.SearchCondition{Deleted: deleted}
	return cond, httpapi.ReadUUIDFilters(q, httpapi.UUIDFilter{Name: paramDepartureHubID, Into: &cond.DepartureHubID},
		httpapi.UUIDFilter{Name: paramArrivalHubID, Into: &cond.ArrivalHubID}, httpapi.UUIDFilter{Name: paramHubID, Into: &cond.HubID})
}

// fingerprint is what of a condition a cursor must not outlive (with the sort, added by
// httpapi.Page); it starts with the aggregate, so no other search's cursor fits a route search.
func fingerprint(c route.SearchCondition) []string {
	return []string{"hub-route", httpapi.Optional(c.DepartureHubID), httpapi.Optional(c.ArrivalHubID), httpapi.Optional(c.HubID)}
}
