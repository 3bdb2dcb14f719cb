package postgres_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/shipper"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres/shipperstore"
)

// shipperEnv is the hub and shipper adapters over one store of a test's own database.
type shipperEnv struct {
	hubEnv
	shippers *shipperstore.Repository
}

func newShipperEnv(t *testing.T) shipperEnv {
	t.Helper()
	return shipperEnvOver(t, pgtest.Open(t))
}

func shipperEnvOver(t *testing.T, db *sqlx.DB) shipperEnv {
	t.Helper()
	e := hubEnvOver(t, db)
	shippers, err := shipperstore.New(e.store)
	if err != nil {
		t.Fatal(err)
	}
	return shipperEnv{hubEnv: e, shippers: shippers}
}

// shipper registers a new shipper (a fresh user id) at the hub.
func (e shipperEnv) shipper(t *testing.T, hubID uuid.UUID, ty shipper.Type, at time.Time) *shipper.Shipper {
	t.Helper()
	s, err := shipper.New(uuid.New(), shipper.Details{HubID: hubID, Type: ty}, master, at)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.shippers.Create(ctx, s); err != nil {
		t.Fatalf("create shipper at %s: %v", hubID, err)
	}
	return s
}

func (e shipperEnv) change(t *testing.T, id uuid.UUID, fn func(*shipper.Shipper) error) *shipper.Shipper {
	t.Helper()
	s, err := e.shippers.Update(ctx, id, fn)
	if err != nil {
		t.Fatalf("update shipper %s: %v", id, err)
	}
	return s
}

func shipperSearch(t *testing.T, e shipperEnv, cond shipper.SearchCondition, p paging.Pageable) paging.Page[query.ShipperView] {
	t.Helper()
	page, err := e.shippers.SearchViews(ctx, cond, p)
	if err != nil {
		t.Fatalf("search %+v %+v: %v", cond, p, err)
	}
	return page
}

func shipperIDs(vs []query.ShipperView) []uuid.UUID { return idsOf(vs, shipperViewID) }

func shipperViewID(v query.ShipperView) uuid.UUID { return v.ID }
