package query

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/readmodel"
)

// GetCompany asks for one company by id.
type GetCompany = readmodel.One

// CompanyViewReader is GetCompany's read model.
type CompanyViewReader interface {
	// CompanyView returns the company's view; a deleted company only when withDeleted is set,
	// else (and when there is no such company) company.ErrNotFound.
	CompanyView(ctx context.Context, id uuid.UUID, withDeleted bool) (CompanyView, error)
}

// GetCompanyHandler reads one company: every role but CUSTOMER; a deleted company only MASTER,
// to the others it is company.ErrNotFound (404), as for hubs.
type GetCompanyHandler = readmodel.Get[CompanyViewReader, CompanyView]

// NewGetCompanyHandler refuses a nil read model.
func NewGetCompanyHandler(views CompanyViewReader) (GetCompanyHandler, error) {
	return readmodel.NewGet("company", views, CompanyViewReader.CompanyView, readmodel.Readers)
}
