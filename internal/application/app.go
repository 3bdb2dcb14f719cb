// Package application gathers hubd's use cases: commands that change hubs and queries that read
// them, kept apart (CQRS) with their own input and output models.
package application

import (
	"errors"

	"github.com/hubd/hubd/internal/application/command"
	"github.com/hubd/hubd/internal/application/query"
	"github.com/hubd/hubd/internal/domain/hub"
)

// Application is every use case, wired once by cmd/hubd and handed to the interfaces.
type Application struct {
	Commands Commands
	Queries  Queries
}

// Commands change hubs.
type Commands struct {
	CreateHub  command.CreateHubHandler
	UpdateHub  command.UpdateHubHandler // Handle (PUT) and Patch (PATCH)
	DeleteHub  command.DeleteHubHandler
	RestoreHub command.RestoreHubHandler
}

// Queries read hubs.
type Queries struct {
	GetHub     query.GetHubHandler
	SearchHubs query.SearchHubsHandler
	HubEvents  query.HubEventsHandler
	// BatchGetHubs resolves up to hub.MaxListSize hub ids in one request.
	BatchGetHubs query.BatchGetHubsHandler
}

// HubViews are the read models of the hub queries, each declared next to its query.
type HubViews interface {
	query.HubViewReader
	query.HubViewSearcher
}

// New wires the use cases over a repository (the commands' aggregates), the read models of the
// queries, the event log the changes write, and a clock.
func New(repo hub.Repository, views HubViews, events query.EventLog, now command.Clock) (Application, error) {
	var (
		app  Application
		errs [8]error
	)
	app.Commands.CreateHub, errs[0] = command.NewCreateHubHandler(repo, now)
	app.Commands.UpdateHub, errs[1] = command.NewUpdateHubHandler(repo, now)
	app.Commands.DeleteHub, errs[2] = command.NewDeleteHubHandler(repo, now)
	app.Commands.RestoreHub, errs[3] = command.NewRestoreHubHandler(repo, now)
	app.Queries.GetHub, errs[4] = query.NewGetHubHandler(views)
	app.Queries.SearchHubs, errs[5] = query.NewSearchHubsHandler(views)
	app.Queries.HubEvents, errs[6] = query.NewHubEventsHandler(events)
	app.Queries.BatchGetHubs, errs[7] = query.NewBatchGetHubsHandler(repo)
	return app, errors.Join(errs[:]...)
}
