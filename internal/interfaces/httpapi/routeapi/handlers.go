package routeapi

import (
	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/route/command"
	"github.com/hubd/hubd/internal/application/route/query"
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

// Routes implements httpapi.Module: each use case with how its query or command is made of the
// request (the body's, in dto.go).
func (a *API) Routes(r *httpapi.Routes) {
	routes.Register(r, httpapi.Items[route.SearchCondition, query.RouteView]{
		Create:  httpapi.CreateFrom(routeInput.create, a.uc.Create.Handle),
		Search:  httpapi.SearchBy(a.uc.Search.Handle),
		Get:     httpapi.GetBy(getRoute, a.uc.Get.Handle),
		Replace: httpapi.ChangeFrom(routeInput.replace, a.uc.Update.Handle),
		Patch:   httpapi.ChangeFrom(routeInput.patch, a.uc.Update.Handle),
		Delete:  httpapi.DeleteBy(deleteRoute, a.uc.Delete.Handle),
		Restore: httpapi.RestoreBy(restoreRoute, a.uc.Restore.Handle),
	})
}

// routes is the HTTP of the route's endpoints.
var routes = httpapi.Resource[route.SearchCondition, query.RouteView]{
	Param: "routeId", Path: routesPath, Append: appendRouteJSON,
	Key:  func(v query.RouteView) (uuid.UUID, int64) { return v.ID, v.Version },
	Spec: searchSpec, Condition: searchCondition, Fingerprint: fingerprint,
}

// The query and commands that name one item: the aggregate's own, as its id field is
// (httpapi.Target's ID); the search query has every aggregate's shape (httpapi.SearchBy).
func getRoute(actor access.Actor, id uuid.UUID) query.GetRoute {
	return query.GetRoute{Actor: actor, RouteID: id}
}

func deleteRoute(t httpapi.Target) command.DeleteRoute {
	return command.DeleteRoute{Actor: t.Actor, RouteID: t.ID, IfVersion: t.IfVersion}
}

func restoreRoute(t httpapi.Target) command.RestoreRoute {
	return command.RestoreRoute{Actor: t.Actor, RouteID: t.ID, IfVersion: t.IfVersion}
}
