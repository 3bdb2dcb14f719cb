package seed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/google/uuid"

	seeddata "github.com/hubd/hubd/db/seed"
	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/readmodel"
	routecommand "github.com/hubd/hubd/internal/application/route/command"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/route"
)

// routeHeader is the column layout ParseRoutes accepts, checked like the hubs' header.
var routeHeader = []string{"departure_hub", "arrival_hub", "distance_km", "duration_min"}

// RouteSeed is one route of the reference network, its hubs by name.
type RouteSeed struct {
	Departure, Arrival string
	Figures            route.Figures
}

// KoreaRoutes returns the 36 routes of the embedded db/seed/korea-hub-routes.csv: each of its
// 18 connections in the file's direction, then the other way, with the same figures.
func KoreaRoutes() ([]RouteSeed, error) {
	return ParseRoutes(bytes.NewReader(seeddata.KoreaHubRoutesCSV))
}

// ParseRoutes reads connections in the korea-hub-routes.csv layout, two routes each. The
// figures are checked by route.New when the routes are created.
func ParseRoutes(r io.Reader) ([]RouteSeed, error) {
	return readCSV(r, routeHeader, "routes ", func(rec []string) ([]RouteSeed, error) {
		km, err := strconv.ParseFloat(strings.TrimSpace(rec[2]), 64)
		if err != nil {
			return nil, fmt.Errorf("distance_km %q: %w", rec[2], err)
		}
		mins, err := strconv.Atoi(strings.TrimSpace(rec[3]))
		if err != nil {
			return nil, fmt.Errorf("duration_min %q: %w", rec[3], err)
		}
		f := route.Figures{DistanceKm: km, DurationMinutes: mins}
		return []RouteSeed{{Departure: rec[0], Arrival: rec[1], Figures: f}, {Departure: rec[1], Arrival: rec[0], Figures: f}}, nil
	})
}

// CreateRouteFunc creates one route between the live hubs of these names; cmd/hubd passes the
// application's CreateRoute use case run as Actor, without the great-circle rule (README
// "Decisions": four of the reference connections are shorter than the great circle between the
// CSV's hub locations, and the reference figures win).
type CreateRouteFunc func(ctx context.Context, r RouteSeed) error

// LoadRoutes creates each of the 36 reference routes, after the hubs. A route whose pair a live
// route already links (route.ErrExists), or one of whose hubs is not live (deleted or renamed
// since: HUB_NOT_FOUND), counts as skipped: running it again adds nothing and changes nothing.
// Any other error stops it, with the counts of what was done before.
func LoadRoutes(ctx context.Context, create CreateRouteFunc) (created, skipped int, err error) {
	if create == nil {
		return 0, 0, errors.New("seed: a route create function is required")
	}
	routes, err := KoreaRoutes()
	if err != nil {
		return 0, 0, err
	}
	for _, r := range routes {
		if err := ctx.Err(); err != nil {
			return created, skipped, err
		}
		switch err := create(ctx, r); {
		case err == nil:
			created++
		case errors.Is(err, route.ErrExists), errors.Is(err, route.ErrDepartureHubNotFound),
			errors.Is(err, route.ErrArrivalHubNotFound), errors.Is(err, route.ErrHubsNotFound):
			skipped++
		default:
			return created, skipped, fmt.Errorf("seed: create route %s → %s: %w", r.Departure, r.Arrival, err)
		}
	}
	return created, skipped, nil
}

// RouteCreator runs the application's CreateRoute use case as the seed actor, the hubs
// found by name among the live ones (a name no live hub has is HUB_NOT_FOUND, which the seed
// skips). The great-circle rule is skipped deliberately: the reference figures are road
// distances, four of them shorter than the great circle between the CSV's hub locations
// (README "Decisions").
func RouteCreator(app application.Application) CreateRouteFunc {
	ids := map[string]uuid.UUID{}
	find := func(ctx context.Context, name string) (uuid.UUID, error) {
		if id, ok := ids[name]; ok {
			return id, nil
		}
		p, err := paging.NewPageable(0, paging.MaxSize, nil)
		if err != nil {
			return uuid.Nil, err
		}
		page, err := app.Hubs.Search.Handle(ctx, readmodel.Find[hub.SearchCondition]{Actor: Actor, Condition: hub.SearchCondition{NamePrefix: name}, Pageable: p})
		if err != nil {
			return uuid.Nil, err
		}
		for _, v := range page.Content {
			if names.Key(v.Name) == names.Key(name) {
				ids[name] = v.ID
				return v.ID, nil
			}
		}
		return uuid.Nil, nil
	}
	return func(ctx context.Context, r RouteSeed) error {
		dep, err := find(ctx, r.Departure)
		if err != nil {
			return err
		}
		arr, err := find(ctx, r.Arrival)
		if err != nil {
			return err
		}
		if err := route.HubNotFound(dep == uuid.Nil, arr == uuid.Nil); err != nil {
			return err
		}
		_, err = app.Routes.Create.Handle(ctx, routecommand.CreateRoute{
			Actor: Actor, DepartureHubID: dep, ArrivalHubID: arr, Figures: r.Figures, WithoutGreatCircle: true,
		})
		return err
	}
}
