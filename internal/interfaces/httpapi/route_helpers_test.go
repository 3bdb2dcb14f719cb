package httpapi_test

import (
	"fmt"
	"net/http"

	"github.com/google/uuid"
)

// routeJSON is the contract's route as a client reads it.
type routeJSON struct {
	RouteID         uuid.UUID  `json:"routeId"`
	DepartureHubID  uuid.UUID  `json:"departureHubId"`
	ArrivalHubID    uuid.UUID  `json:"arrivalHubId"`
	DistanceKm      float64    `json:"distanceKm"`
	DurationMinutes int        `json:"durationMinutes"`
	IsDeleted       bool       `json:"isDeleted"`
	Version         int64      `json:"version"`
	DeletedBy       *uuid.UUID `json:"deletedBy"`
}

// createHubAt makes a hub with a location as MASTER and returns its id.
func (en *env) createHubAt(name string, lat, lng float64) uuid.UUID {
	en.t.Helper()
	body := fmt.Sprintf(`{"hubName":%q,"address":{"address1":"주소"},"location":{"latitude":%v,"longitude":%v}}`, name, lat, lng)
	return asMaster[struct{ HubID uuid.UUID }](en, http.StatusCreated, "POST", "/api/v1/hubs", body).HubID
}

func routeBody(dep, arr uuid.UUID, km float64, mins int) string {
	return fmt.Sprintf(`{"departureHubId":"%s","arrivalHubId":"%s","distanceKm":%v,"durationMinutes":%d}`, dep, arr, km, mins)
}

// createRoute makes a route as MASTER and returns it.
func (en *env) createRoute(dep, arr uuid.UUID, km float64, mins int) routeJSON {
	en.t.Helper()
	return asMaster[routeJSON](en, http.StatusCreated, "POST", "/api/v1/hub-routes", routeBody(dep, arr, km, mins))
}

// getRoute reads a route as MASTER (deleted ones too).
func (en *env) getRoute(id uuid.UUID) routeJSON {
	en.t.Helper()
	return asMaster[routeJSON](en, http.StatusOK, "GET", "/api/v1/hub-routes/"+id.String(), "")
}
