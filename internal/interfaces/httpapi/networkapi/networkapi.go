// Package networkapi is the hub network's HTTP interface for paths: GET /api/v1/hub-paths and
// GET /api/v1/hub-paths/matrix, a httpapi.Module over the network projection
// (application/network/query), answered from memory.
package networkapi

import (
	"context"
	"net/http"
	"strconv"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application/network/query"
	"github.com/hubd/hubd/internal/domain/network"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// Paths is what the module serves from: the projection's queries.
type Paths interface {
	Path(ctx context.Context, q query.FindPath) (network.Path, error)
	Matrix(ctx context.Context, q query.GetMatrix) (network.Matrix, error)
}

// API is the paths' HTTP interface.
type API struct{ paths Paths }

// New is the paths module for httpapi.Config.Modules.
func New(paths Paths) *API { return &API{paths: paths} }

// Routes implements httpapi.Module.
func (a *API) Routes(r *httpapi.Routes) {
	r.GET("/hub-paths", a.path)
	r.GET("/hub-paths/matrix", a.matrix)
}

var (
	pathQuery   = httpapi.NewQuerySpec("from", "to", "by")
	matrixQuery = httpapi.NewQuerySpec("by", "from")
)

// path is GET /api/v1/hub-paths?from=&to=&by=.
func (a *API) path(c echo.Context) error {
	q, err := httpapi.StrictQuery(c.Request().URL.RawQuery, pathQuery)
	if err != nil {
		return err
	}
	from, err := hubParam(q.Get("from"), "from")
	if err != nil {
		return err
	}
	to, err := hubParam(q.Get("to"), "to")
	if err != nil {
		return err
	}
	by, err := byParam(q.Get("by"))
	if err != nil {
		return err
	}
	p, err := a.paths.Path(c.Request().Context(), query.FindPath{Actor: httpapi.Actor(c), From: from, To: to, By: by})
	if err != nil {
		return err
	}
	return httpapi.WriteBody(c, http.StatusOK, func(b []byte) []byte { return appendPath(b, from, to, p) })
}

// matrix is GET /api/v1/hub-paths/matrix?by=[&from=].
func (a *API) matrix(c echo.Context) error {
	q, err := httpapi.StrictQuery(c.Request().URL.RawQuery, matrixQuery)
	if err != nil {
		return err
	}
	by, err := byParam(q.Get("by"))
	if err != nil {
		return err
	}
	var from *uuid.UUID
	if s := q.Get("from"); s != "" {
		id, err := hubParam(s, "from")
		if err != nil {
			return err
		}
		from = &id
	}
	m, err := a.paths.Matrix(c.Request().Context(), query.GetMatrix{Actor: httpapi.Actor(c), By: by, From: from})
	if err != nil {
		return err
	}
	return httpapi.WriteBody(c, http.StatusOK, func(b []byte) []byte { return appendMatrix(b, m, from) })
}

func hubParam(s, name string) (uuid.UUID, error) {
	if s == "" {
		return uuid.Nil, httpapi.BadParam(name, "is required")
	}
	id, ok := httpapi.ParseUUID(s)
	if !ok {
		return uuid.Nil, httpapi.BadParam(name, "must be a UUID")
	}
	return id, nil
}

// byParam reads by=, distance when absent.
func byParam(s string) (network.By, error) {
	if s == "" {
		return network.ByDistance, nil
	}
	by, ok := network.ParseBy(s)
	if !ok {
		return by, httpapi.BadParam("by", "must be distance or duration")
	}
	return by, nil
}

// appendPath writes the contract's path JSON.
func appendPath(b []byte, from, to uuid.UUID, p network.Path) []byte {
	b = append(b, `{"from":`...)
	b = httpapi.AppendUUID(b, from)
	b = append(b, `,"to":`...)
	b = httpapi.AppendUUID(b, to)
	b = append(b, `,"by":"`...)
	b = append(b, p.By.String()...)
	b = append(b, `","totalDistanceKm":`...)
	b = httpapi.AppendJSONFloat(b, p.TotalDistanceKm)
	b = append(b, `,"totalDurationMinutes":`...)
	b = strconv.AppendInt(b, p.TotalDurationMinutes, 10)
	b = append(b, `,"hubs":[`...)
	for i, id := range p.Hubs {
		if i > 0 {
			b = append(b, ',')
		}
		b = httpapi.AppendUUID(b, id)
	}
	b = append(b, `],"legs":[`...)
	for i, l := range p.Legs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"routeId":`...)
		b = httpapi.AppendUUID(b, l.RouteID)
		b = append(b, `,"departureHubId":`...)
		b = httpapi.AppendUUID(b, l.From)
		b = append(b, `,"arrivalHubId":`...)
		b = httpapi.AppendUUID(b, l.To)
		b = append(b, `,"distanceKm":`...)
		b = httpapi.AppendJSONFloat(b, l.DistanceKm)
		b = append(b, `,"durationMinutes":`...)
		b = strconv.AppendInt(b, int64(l.DurationMinutes), 10)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

// appendMatrix writes the contract's matrix JSON: null where no way exists; with from, its one
// row, named by "from".
func appendMatrix(b []byte, m network.Matrix, from *uuid.UUID) []byte {
	b = append(b, `{"by":"`...)
	b = append(b, m.By.String()...)
	if from != nil {
		b = append(b, `","from":`...)
		b = httpapi.AppendUUID(b, *from)
		b = append(b, `,"hubs":[`...)
	} else {
		b = append(b, `","hubs":[`...)
	}
	for i, id := range m.Hubs {
		if i > 0 {
			b = append(b, ',')
		}
		b = httpapi.AppendUUID(b, id)
	}
	b = append(b, `],"distanceKm":[`...)
	b = appendRows(b, m.DistanceKm, httpapi.AppendJSONFloat)
	b = append(b, `],"durationMinutes":[`...)
	b = appendRows(b, m.DurationMinutes, func(b []byte, v int64) []byte { return strconv.AppendInt(b, v, 10) })
	return append(b, "]}"...)
}

// appendRows appends the rows of a matrix, each `[v,…]` with null for no value, comma-separated.
func appendRows[T any](b []byte, rows [][]*T, appendValue func([]byte, T) []byte) []byte {
	for i, row := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		for j, v := range row {
			if j > 0 {
				b = append(b, ',')
			}
			if v == nil {
				b = append(b, "null"...)
			} else {
				b = appendValue(b, *v)
			}
		}
		b = append(b, ']')
	}
	return b
}
