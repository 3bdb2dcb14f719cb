// Package application wires hubd's use cases: per aggregate, the commands that change it and the
// queries that read it, kept apart (CQRS) with their own input and output models in the
// aggregate's packages (application/hub/command, application/hub/query); and the event feed
// every aggregate writes to (application/feed).
package application

import (
	"errors"

	companycommand "github.com/hubd/hubd/internal/application/company/command"
	"github.com/hubd/hubd/internal/application/feed"
	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/application/hub/query"
	netquery "github.com/hubd/hubd/internal/application/network/query"
	"github.com/hubd/hubd/internal/application/readmodel"
	routecommand "github.com/hubd/hubd/internal/application/route/command"
	routequery "github.com/hubd/hubd/internal/application/route/query"
	shippercommand "github.com/hubd/hubd/internal/application/shipper/command"
	"github.com/hubd/hubd/internal/application/transaction"
	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/route"
)

// Application is every use case, wired once by cmd/hubd and handed to the interfaces.
type Application struct {
	Hubs Hubs
	// Routes are the hub route's use cases (issue 11).
	Routes Routes
	// Companies are the company's use cases (issue 12).
	Companies Companies
	// Shippers are the shipper's use cases (issue 12).
	Shippers Shippers
	// Feed reads the one commit-ordered feed of every aggregate's events.
	Feed feed.Handler
	// Paths answers shortest paths from the in-memory network projection. It has a life of its
	// own (it follows the feed), so New leaves it nil: cmd/hubd's serve starts it and sets it.
	Paths *netquery.Projection
}

// Hubs are the hub's use cases: four commands, four queries.
type Hubs struct {
	Create  command.CreateHubHandler
	Update  command.UpdateHubHandler // Handle (PUT) and Patch (PATCH)
	Delete  command.DeleteHubHandler // with the route cascade, in one transaction
	Restore command.RestoreHubHandler
	Get     readmodel.Get[query.HubView]
	Search  readmodel.Search[hub.SearchCondition, query.HubView]
	// BatchGet resolves up to hub.MaxListSize hub ids in one request.
	BatchGet query.BatchGetHubsHandler
	// Nearest finds the live hubs nearest to a point.
	Nearest query.NearestHubsHandler
}

// Routes are the hub route's use cases: four commands, two queries.
type Routes struct {
	Create  routecommand.CreateRouteHandler
	Update  routecommand.UpdateRouteHandler // PUT and PATCH
	Delete  routecommand.DeleteRouteHandler
	Restore routecommand.RestoreRouteHandler
	Get     readmodel.Get[routequery.RouteView]
	Search  readmodel.Search[route.SearchCondition, routequery.RouteView]
}

// HubViews are the read models of the hub queries: readmodel's two and the hub's own, declared
// next to its query.
type HubViews interface {
	readmodel.Views[hub.SearchCondition, query.HubView]
	query.HubsNearer
}

// RouteViews are the read models of the route queries.
type RouteViews = readmodel.Views[route.SearchCondition, routequery.RouteView]

// Storage is every port the use cases are wired over: per aggregate the repository of its
// commands and the read models of its queries, the hubs as the route commands read them, the
// unit of work that puts several repositories' changes in one transaction, and the event log.
type Storage struct {
	Hubs       hub.Repository
	HubViews   HubViews
	Routes     route.Repository
	RouteViews RouteViews
	RouteHubs  routecommand.HubEnds
	Tx         transaction.Transactor
	Events     feed.Log
	// HubUsers counts a hub's live shippers and companies, for the hub-in-use guard.
	HubUsers command.HubUsers

	// Companies, CompanyViews and CompanyHubs are the company's ports (issue 12).
	Companies    company.Repository
	CompanyViews CompanyViews
	CompanyHubs  companycommand.Hubs

	ShipperStorage
}

// New wires the use cases over the storage and a clock.
func New(s Storage, now command.Clock) (Application, error) {
	var (
		app  Application
		errs [16]error
	)
	rd := routecommand.Deps{Routes: s.Routes, Hubs: s.RouteHubs, Tx: s.Tx, Now: routecommand.Clock(now)}
	var cascade routecommand.HubCascade
	cascade, errs[15] = routecommand.NewHubCascade(rd)
	app.Hubs.Create, errs[0] = command.NewCreateHubHandler(s.Hubs, now)
	app.Hubs.Update, errs[1] = command.NewUpdateHubHandler(s.Hubs, now)
	app.Hubs.Delete, errs[2] = command.NewDeleteHubHandler(s.Hubs, s.Tx, cascade, s.HubUsers, now)
	app.Hubs.Restore, errs[3] = command.NewRestoreHubHandler(s.Hubs, s.Tx, cascade, now)
	app.Hubs.Get, errs[4] = readmodel.NewGet[query.HubView]("hub", s.HubViews, readmodel.Readers)
	app.Hubs.Search, errs[5] = readmodel.NewSearch[hub.SearchCondition, query.HubView]("hub", s.HubViews,
		readmodel.ReadersSearch(func(c hub.SearchCondition) bool { return c.Deleted }, nil))
	app.Hubs.BatchGet, errs[6] = query.NewBatchGetHubsHandler(s.Hubs)
	app.Hubs.Nearest, errs[7] = query.NewNearestHubsHandler(s.HubViews)
	app.Feed, errs[8] = feed.NewHandler(s.Events)
	app.Routes.Create, app.Routes.Update = routecommand.CreateRouteHandler(rd), routecommand.UpdateRouteHandler(rd)
	app.Routes.Delete, app.Routes.Restore = routecommand.DeleteRouteHandler(rd), routecommand.RestoreRouteHandler(rd)
	errs[9] = rd.Check()
	app.Routes.Get, errs[13] = readmodel.NewGet[routequery.RouteView]("route", s.RouteViews, readmodel.Readers)
	app.Routes.Search, errs[14] = readmodel.NewSearch[route.SearchCondition, routequery.RouteView]("route", s.RouteViews,
		readmodel.ReadersSearch(func(c route.SearchCondition) bool { return c.Deleted }, nil))
	var companyErr, shippersErr error
	app.Companies, companyErr = newCompanies(s, companycommand.Clock(now))
	app.Shippers, shippersErr = newShippers(s, shippercommand.Clock(now))
	return app, errors.Join(append(errs[:], companyErr, shippersErr)...)
}
