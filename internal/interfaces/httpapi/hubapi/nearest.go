package hubapi

import (
	"math"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// nearestQuery is GET /api/v1/hubs/nearest's query string.
var nearestQuery = httpapi.NewQuerySpec("latitude", "longitude", "limit")

// nearestHubs is GET /api/v1/hubs/nearest: the live hubs with a location nearest to a point.
// The ranges are the use case's to check (a 400 naming the parameter); here only the forms.
func (a *API) nearestHubs(c echo.Context) error {
	q, err := httpapi.StrictQuery(c.Request().URL.RawQuery, nearestQuery)
	if err != nil {
		return err
	}
	lat, err := coordinate(q.Get("latitude"), "latitude")
	if err != nil {
		return err
	}
	lng, err := coordinate(q.Get("longitude"), "longitude")
	if err != nil {
		return err
	}
	limit := query.DefaultNearestLimit
	if s := q.Get("limit"); s != "" {
		if limit, err = strconv.Atoi(s); err != nil {
			return httpapi.BadParam("limit", "must be an integer from 1 to 20")
		}
	}
	near, err := a.uc.Nearest.Handle(c.Request().Context(), query.NearestHubs{
		Actor: httpapi.Actor(c), Latitude: lat, Longitude: lng, Limit: limit})
	if err != nil {
		return err
	}
	return httpapi.WriteBody(c, http.StatusOK, func(b []byte) []byte {
		b = append(b, `{"content":[`...)
		for i, n := range near {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"distanceKm":`...)
			b = httpapi.AppendJSONFloat(b, n.DistanceKm)
			b = append(b, `,"hub":`...)
			b = appendHubJSON(b, n.Hub)
			b = append(b, '}')
		}
		return append(b, "]}"...)
	})
}

// coordinate reads a required decimal number in degrees.
func coordinate(s, name string) (float64, error) {
	if s == "" {
		return 0, httpapi.BadParam(name, "is required")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, httpapi.BadParam(name, "must be a number of degrees")
	}
	return v, nil
}
