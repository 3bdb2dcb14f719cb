// Package application wires hubd's use cases: per aggregate, the commands that change it and the
// queries that read it, kept apart (CQRS) with their own input and output models in the
// aggregate's packages (application/hub/command, application/hub/query); and the event feed
// every aggregate writes to (application/feed).
package application

import (
	"errors"

	"github.com/hubd/hubd/internal/application/feed"
	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/application/hub/query"
	netquery "github.com/hubd/hubd/internal/application/network/query"
	"github.com/hubd/hubd/internal/domain/hub"
)

// Application is every use case, wired once by cmd/hubd and handed to the interfaces.
type Application struct {
	Hubs Hubs
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
	Delete  command.DeleteHubHandler
	Restore command.RestoreHubHandler
	Get     query.GetHubHandler
	Search  query.SearchHubsHandler
	// BatchGet resolves up to hub.MaxListSize hub ids in one request.
	BatchGet query.BatchGetHubsHandler
	// Nearest finds the live hubs nearest to a point.
	Nearest query.NearestHubsHandler
}

// HubViews are the read models of the hub queries, each declared next to its query.
type HubViews interface {
	query.HubViewReader
	query.HubViewSearcher
	query.HubsNearer
}

// New wires the use cases over a repository (the commands' aggregates), the read models of the
// queries, the event log the changes write, and a clock.
func New(repo hub.Repository, views HubViews, events feed.Log, now command.Clock) (Application, error) {
	var (
		app  Application
		errs [9]error
	)
	app.Hubs.Create, errs[0] = command.NewCreateHubHandler(repo, now)
	app.Hubs.Update, errs[1] = command.NewUpdateHubHandler(repo, now)
	app.Hubs.Delete, errs[2] = command.NewDeleteHubHandler(repo, now)
	app.Hubs.Restore, errs[3] = command.NewRestoreHubHandler(repo, now)
	app.Hubs.Get, errs[4] = query.NewGetHubHandler(views)
	app.Hubs.Search, errs[5] = query.NewSearchHubsHandler(views)
	app.Hubs.BatchGet, errs[6] = query.NewBatchGetHubsHandler(repo)
	app.Hubs.Nearest, errs[7] = query.NewNearestHubsHandler(views)
	app.Feed, errs[8] = feed.NewHandler(events)
	return app, errors.Join(errs[:]...)
}
