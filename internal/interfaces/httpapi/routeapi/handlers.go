package routeapi

import (
	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application"
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
		Search:  a.uc.Search.Handle,
		Get:     a.uc.Get.Handle,
		Replace: httpapi.ChangeFrom(routeInput.replace, a.uc.Update.Handle),
		Patch:   httpapi.ChangeFrom(routeInput.patch, a.uc.Update.Handle),
		Delete:  httpapi.DeleteBy(a.uc.Delete.Handle),
		Restore: a.uc.Restore.Handle,
	})
}

// routes is the HTTP of the route's endpoints.
var routes = httpapi.Resource[route.SearchCondition, query.RouteView]{
	Param: "routeId", Path: routesPath, Append: appendRouteJSON,
	Key:  func(v query.RouteView) (uuid.UUID, int64) { return v.ID, v.Version },
	Spec: searchSpec, Condition: searchCondition, Fingerprint: fingerprint,
}
