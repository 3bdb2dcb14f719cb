package application_test

import (
	"testing"
	"time"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/hubstore"
)

// TestNewRefusesNilDependencies: the application and every handler refuse to be built without a
// repository (and the commands without a clock), instead of failing on the first request.
func TestNewRefusesNilDependencies(t *testing.T) {
	t.Parallel()
	clock := func() time.Time { return time.Now() }
	// The repository is never used here, so it needs no connection.
	real, events := &hubstore.Repository{}, postgres.NewStore(nil)
	if _, err := application.New(nil, real, events, clock); err == nil {
		t.Error("application.New(nil repository, views, log, clock) returned no error")
	}
	var repo hub.Repository
	if _, err := application.New(repo, real, events, nil); err == nil {
		t.Error("application.New(nil repository, views, log, nil clock) returned no error")
	}
	if _, err := application.New(real, nil, events, clock); err == nil {
		t.Error("application.New(repository, nil views, log, clock) returned no error")
	}
	if _, err := application.New(real, real, nil, clock); err == nil {
		t.Error("application.New(repository, views, nil log, clock) returned no error")
	}
	if _, err := application.New(real, real, events, nil); err == nil {
		t.Error("application.New(repository, views, log, nil clock) returned no error")
	}
	if _, err := application.New(real, real, events, clock); err != nil {
		t.Errorf("application.New(repository, views, log, clock): %v", err)
	}

	for name, newHandler := range map[string]func(hub.Repository, command.Clock) error{
		"create": func(r hub.Repository, c command.Clock) error { _, err := command.NewCreateHubHandler(r, c); return err },
		"update": func(r hub.Repository, c command.Clock) error { _, err := command.NewUpdateHubHandler(r, c); return err },
		"delete": func(r hub.Repository, c command.Clock) error { _, err := command.NewDeleteHubHandler(r, c); return err },
		"restore": func(r hub.Repository, c command.Clock) error {
			_, err := command.NewRestoreHubHandler(r, c)
			return err
		},
	} {
		if newHandler(nil, clock) == nil {
			t.Errorf("%s handler without a repository: no error", name)
		}
		if newHandler(&hubstore.Repository{}, nil) == nil {
			t.Errorf("%s handler without a clock: no error", name)
		}
	}
	if _, err := query.NewGetHubHandler(nil); err == nil {
		t.Error("NewGetHubHandler(nil): no error")
	}
	if _, err := query.NewSearchHubsHandler(nil); err == nil {
		t.Error("NewSearchHubsHandler(nil): no error")
	}
	if _, err := query.NewBatchGetHubsHandler(nil); err == nil {
		t.Error("NewBatchGetHubsHandler(nil): no error")
	}
	if _, err := query.NewNearestHubsHandler(nil); err == nil {
		t.Error("NewNearestHubsHandler(nil): no error")
	}
}
