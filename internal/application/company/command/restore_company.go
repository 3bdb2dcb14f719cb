package command

import (
	"context"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/company/query"
	"github.com/hubd/hubd/internal/domain/company"
)

// RestoreCompany brings a deleted company back.
type RestoreCompany = access.Target

// RestoreCompanyHandler restores companies: MASTER, or the manager of the company's hub, which
// must be live (company.ErrHubNotFound, 422). A live company is company.ErrNotDeleted (409); a
// name a live company took meanwhile a *company.NameTakenError (409).
type RestoreCompanyHandler Deps

// Handle restores the company and returns its view as stored.
func (h RestoreCompanyHandler) Handle(ctx context.Context, c RestoreCompany) (query.CompanyView, error) {
	if !c.Actor.CanUpdateSome() {
		return query.CompanyView{}, access.ErrForbidden
	}
	return Deps(h).update(ctx, c.ID, func(_ context.Context, co *company.Company, hub HubHold) error {
		if err := checkVersion(co, c.IfVersion); err != nil {
			return err
		}
		if !co.IsDeleted() {
			return company.ErrNotDeleted
		}
		if !hub.Live {
			return company.ErrHubNotFound
		}
		if !mayManage(c.Actor, hub) {
			return access.ErrForbidden
		}
		return co.Restore(c.Actor.ID, Deps(h).Now())
	})
}
