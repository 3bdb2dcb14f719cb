package postgres_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/company/query"
	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres/companystore"
)

// companyEnv is the hub and company adapters over one store of a test's own database.
type companyEnv struct {
	hubEnv
	companies *companystore.Repository
}

func newCompanyEnv(t *testing.T) companyEnv {
	t.Helper()
	return companyEnvOver(t, pgtest.Open(t))
}

func companyEnvOver(t *testing.T, db *sqlx.DB) companyEnv {
	t.Helper()
	e := hubEnvOver(t, db)
	companies, err := companystore.New(e.store)
	if err != nil {
		t.Fatal(err)
	}
	return companyEnv{hubEnv: e, companies: companies}
}

func companyDetails(name string, hubID uuid.UUID, manager *uuid.UUID) company.Details {
	return company.Details{Name: name, HubID: hubID, ManagerID: manager, Address: company.Address{Address1: "주소 " + name}}
}

// company creates a live company; its error is returned for the callers that expect one.
func (e companyEnv) company(t *testing.T, d company.Details, at time.Time) (*company.Company, error) {
	t.Helper()
	c, err := company.New(d, master, at)
	if err != nil {
		t.Fatal(err)
	}
	return c, e.companies.Create(ctx, c)
}

func (e companyEnv) mustCompany(t *testing.T, d company.Details, at time.Time) *company.Company {
	t.Helper()
	c, err := e.company(t, d, at)
	if err != nil {
		t.Fatalf("create company %q: %v", d.Name, err)
	}
	return c
}

func (e companyEnv) change(t *testing.T, id uuid.UUID, fn func(*company.Company) error) *company.Company {
	t.Helper()
	c, err := e.companies.Update(ctx, id, fn)
	if err != nil {
		t.Fatalf("update company %s: %v", id, err)
	}
	return c
}

func companySearch(t *testing.T, e companyEnv, cond company.SearchCondition, p paging.Pageable) paging.Page[query.CompanyView] {
	t.Helper()
	page, err := e.companies.SearchViews(ctx, cond, p)
	if err != nil {
		t.Fatalf("search %+v %+v: %v", cond, p, err)
	}
	return page
}

func companyIDs(vs []query.CompanyView) []uuid.UUID { return idsOf(vs, companyViewID) }

func companyViewID(v query.CompanyView) uuid.UUID { return v.ID }
