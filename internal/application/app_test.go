package application_test

import (
	"testing"
	"time"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/application/readmodel"
	routecommand "github.com/hubd/hubd/internal/application/route/command"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/companystore"
	"github.com/hubd/hubd/internal/infrastructure/postgres/hubstore"
	"github.com/hubd/hubd/internal/infrastructure/postgres/routestore"
	"github.com/hubd/hubd/internal/infrastructure/postgres/shipperstore"
)

// TestNewRefusesNilDependencies: the application and every handler refuse to be built without a
// repository (and the commands without a clock), instead of failing on the first request.
func TestNewRefusesNilDependencies(t *testing.T) {
	t.Parallel()
	clock := func() time.Time { return time.Now() }
	// The adapters are never used here, so they need no connection.
	store := postgres.NewStore(nil)
	hubs, routes, shippers := &hubstore.Repository{}, &routestore.Repository{}, &shipperstore.Repository{}
	companies := &companystore.Repository{}
	full := application.Storage{
		Hubs: hubs, HubViews: hubs, Routes: routes, RouteViews: routes, RouteHubs: routes,
		HubUsers: hubs, Tx: store.Transactor(), Events: store,
		Companies: companies, CompanyViews: companies, CompanyHubs: companies,
		ShipperStorage: application.ShipperStorage{Shippers: shippers, ShipperViews: shippers, Rotation: shippers, ShipperHubs: shippers},
	}
	if _, err := application.New(full, clock); err != nil {
		t.Errorf("application.New(every port, clock): %v", err)
	}
	if _, err := application.New(full, nil); err == nil {
		t.Error("application.New(every port, nil clock) returned no error")
	}
	for name, drop := range map[string]func(*application.Storage){
		"hubs":          func(s *application.Storage) { s.Hubs = nil },
		"hub views":     func(s *application.Storage) { s.HubViews = nil },
		"routes":        func(s *application.Storage) { s.Routes = nil },
		"route views":   func(s *application.Storage) { s.RouteViews = nil },
		"route hubs":    func(s *application.Storage) { s.RouteHubs = nil },
		"hub users":     func(s *application.Storage) { s.HubUsers = nil },
		"transactor":    func(s *application.Storage) { s.Tx = nil },
		"events":        func(s *application.Storage) { s.Events = nil },
		"shippers":      func(s *application.Storage) { s.Shippers = nil },
		"shipper views": func(s *application.Storage) { s.ShipperViews = nil },
		"rotation":      func(s *application.Storage) { s.Rotation = nil },
		"shipper hubs":  func(s *application.Storage) { s.ShipperHubs = nil },
	} {
		s := full
		drop(&s)
		if _, err := application.New(s, clock); err == nil {
			t.Errorf("application.New without %s returned no error", name)
		}
	}

	for name, drop := range map[string]func(*application.Storage){
		"companies":     func(s *application.Storage) { s.Companies = nil },
		"company views": func(s *application.Storage) { s.CompanyViews = nil },
		"company hubs":  func(s *application.Storage) { s.CompanyHubs = nil },
	} {
		s := full
		drop(&s)
		if _, err := application.New(s, clock); err == nil {
			t.Errorf("application.New without %s returned no error", name)
		}
	}

	cascade, err := routecommand.NewHubCascade(routecommand.Deps{Routes: routes, Hubs: routes, Tx: full.Tx, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	for name, newHandler := range map[string]func(hub.Repository, command.Clock) error{
		"create": func(r hub.Repository, c command.Clock) error { _, err := command.NewCreateHubHandler(r, c); return err },
		"update": func(r hub.Repository, c command.Clock) error { _, err := command.NewUpdateHubHandler(r, c); return err },
		"delete": func(r hub.Repository, c command.Clock) error {
			_, err := command.NewDeleteHubHandler(r, full.Tx, cascade, hubs, c)
			return err
		},
		"restore": func(r hub.Repository, c command.Clock) error {
			_, err := command.NewRestoreHubHandler(r, full.Tx, cascade, c)
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
	if _, err := command.NewDeleteHubHandler(hubs, nil, cascade, hubs, clock); err == nil {
		t.Error("delete handler without a transactor: no error")
	}
	if _, err := command.NewDeleteHubHandler(hubs, full.Tx, cascade, nil, clock); err == nil {
		t.Error("delete handler without the hub's users: no error")
	}
	if _, err := command.NewRestoreHubHandler(hubs, full.Tx, nil, clock); err == nil {
		t.Error("restore handler without a cascade: no error")
	}
	if _, err := readmodel.NewGet[query.HubView]("hub", nil, readmodel.Readers); err == nil {
		t.Error("readmodel.NewGet(nil): no error")
	}
	if _, err := readmodel.NewSearch[hub.SearchCondition, query.HubView]("hub", nil, nil); err == nil {
		t.Error("readmodel.NewSearch(nil): no error")
	}
	if _, err := query.NewBatchGetHubsHandler(nil); err == nil {
		t.Error("NewBatchGetHubsHandler(nil): no error")
	}
	if _, err := query.NewNearestHubsHandler(nil); err == nil {
		t.Error("NewNearestHubsHandler(nil): no error")
	}
}
