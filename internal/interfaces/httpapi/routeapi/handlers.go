package routeapi

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/route/command"
	"github.com/hubd/hubd/internal/application/route/query"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/route"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

const routesPath = "/api/v1/hub-routes"

// API is the route's HTTP interface over the route's use cases.
type API struct {
	uc application.Routes
}

// New is the route module for httpapi.Config.Modules.
func New(uc application.Routes) *API { return &API{uc: uc} }

// Routes implements httpapi.Module.
func (a *API) Routes(r *httpapi.Routes) {
	routes.Register(r, httpapi.Items[query.RouteView]{
		Create:  a.createRoute,
		Get:     a.getRoute,
		Replace: a.change(false),
		Patch:   a.change(true),
		Delete:  a.deleteRoute,
		Restore: a.restoreRoute,
	})
	r.GET("/hub-routes", httpapi.Search[route.SearchCondition, query.RouteView]{
		Spec: searchSpec, Condition: searchCondition, Fingerprint: fingerprint,
		Run: func(ctx context.Context, actor access.Actor, cond route.SearchCondition, p paging.Pageable) (paging.Page[query.RouteView], error) {
			return a.uc.Search.Handle(ctx, query.SearchRoutes{Actor: actor, Condition: cond, Pageable: p})
		},
	}.Handler(r, appendRouteJSON))
}

// routes is the HTTP of a route's item endpoints; the methods below are the route's part.
var routes = httpapi.Resource[query.RouteView]{
	Param: "routeId", Path: routesPath, Append: appendRouteJSON,
	Key: func(v query.RouteView) (uuid.UUID, int64) { return v.ID, v.Version },
}

func (a *API) createRoute(ctx context.Context, actor access.Actor, body []byte) (query.RouteView, error) {
	cmd, err := httpapi.DecodeInto(body, routeInput.create)
	if err != nil {
		return query.RouteView{}, err
	}
	cmd.Actor = actor
	return a.uc.Create.Handle(ctx, cmd)
}

func (a *API) getRoute(ctx context.Context, actor access.Actor, id uuid.UUID) (query.RouteView, error) {
	return a.uc.Get.Handle(ctx, query.GetRoute{Actor: actor, RouteID: id})
}

// change is PUT (every figure required) and PATCH (a JSON Merge Patch of the figures).
func (a *API) change(patch bool) func(context.Context, httpapi.Target, []byte) (query.RouteView, error) {
	return func(ctx context.Context, t httpapi.Target, body []byte) (query.RouteView, error) {
		cmd, err := httpapi.DecodeInto(body, func(in routeInput) (command.UpdateRoute, error) { return in.update(patch) })
		if err != nil {
			return query.RouteView{}, err
		}
		cmd.Actor, cmd.RouteID, cmd.IfVersion = t.Actor, t.ID, t.IfVersion
		return a.uc.Update.Handle(ctx, cmd)
	}
}

func (a *API) deleteRoute(ctx context.Context, t httpapi.Target) error {
	_, err := a.uc.Delete.Handle(ctx, command.DeleteRoute{Actor: t.Actor, RouteID: t.ID, IfVersion: t.IfVersion})
	return err
}

func (a *API) restoreRoute(ctx context.Context, t httpapi.Target) (query.RouteView, error) {
	return a.uc.Restore.Handle(ctx, command.RestoreRoute{Actor: t.Actor, RouteID: t.ID, IfVersion: t.IfVersion})
}
