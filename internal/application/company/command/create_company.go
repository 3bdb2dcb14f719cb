package command

import (
	"context"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/company/query"
	"github.com/hubd/hubd/internal/domain/company"
)

// CreateCompany is the input of CreateCompanyHandler.
type CreateCompany struct {
	Actor   access.Actor
	Details company.Details
}

// CreateCompanyHandler creates companies: MASTER, or a HUB_MANAGER at a hub they manage.
type CreateCompanyHandler Deps

// Handle creates the company: access.ErrForbidden, a *company.ValidationError (400),
// company.ErrHubNotFound (422) or a *company.NameTakenError (409).
func (h CreateCompanyHandler) Handle(ctx context.Context, c CreateCompany) (query.CompanyView, error) {
	if !c.Actor.CanUpdateSome() {
		return query.CompanyView{}, access.ErrForbidden
	}
	// The body's own rules first, so a bad name is a 400 whatever the hub is.
	created, err := company.New(c.Details, c.Actor.ID, Deps(h).Now())
	if err != nil {
		return query.CompanyView{}, err
	}
	return Deps(h).inTx(ctx, func(ctx context.Context) (*company.Company, error) {
		hub, err := Deps(h).Hubs.HoldHub(ctx, created.HubID())
		if err != nil {
			return nil, err
		}
		if !hub.Live {
			return nil, company.ErrHubNotFound
		}
		if !mayManage(c.Actor, hub) {
			return nil, access.ErrForbidden
		}
		return created, Deps(h).Companies.Create(ctx, created)
	})
}
