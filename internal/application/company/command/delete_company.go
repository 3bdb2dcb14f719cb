package command

import (
	"context"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/company/query"
	"github.com/hubd/hubd/internal/domain/company"
)

// DeleteCompany soft-deletes a company.
type DeleteCompany = access.Target

// DeleteCompanyHandler soft-deletes companies: MASTER, or the manager of the company's hub.
// Deleting a deleted company is company.ErrNotFound (404), as for hubs.
type DeleteCompanyHandler Deps

// Handle deletes the company and returns its view as stored.
func (h DeleteCompanyHandler) Handle(ctx context.Context, c DeleteCompany) (query.CompanyView, error) {
	if !c.Actor.CanUpdateSome() {
		return query.CompanyView{}, access.ErrForbidden
	}
	return Deps(h).update(ctx, c.ID, func(_ context.Context, co *company.Company, hub HubHold) error {
		if co.IsDeleted() {
			return company.ErrNotFound
		}
		if !mayManage(c.Actor, hub) {
			return access.ErrForbidden
		}
		if err := checkVersion(co, c.IfVersion); err != nil {
			return err
		}
		return co.Delete(c.Actor.ID, Deps(h).Now())
	})
}
