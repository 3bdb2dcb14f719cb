package command

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/company/query"
	"github.com/hubd/hubd/internal/application/patch"
	"github.com/hubd/hubd/internal/domain/company"
)

// UpdateCompany replaces a company's details (PUT). PatchCompany is the partial form.
type UpdateCompany struct {
	Actor     access.Actor
	CompanyID uuid.UUID
	Details   company.Details
	// IfVersion, when not 0, must be the company's current version (If-Match).
	IfVersion int64
}

// Optional is a JSON Merge Patch member: absent (Set false), null (Set, zero Value) or a value.
type Optional[T any] = patch.Optional[T]

// AddressPatch merges into an address member by member; nil members stay as they are.
type AddressPatch = patch.Address

// CompanyPatch is a JSON Merge Patch (RFC 7396) of a company's details, already decoded.
type CompanyPatch struct {
	Name      *string
	HubID     *uuid.UUID
	ManagerID Optional[*uuid.UUID]
	Address   *AddressPatch
}

// PatchCompany changes some details of a company; the rights are those of UpdateCompany.
type PatchCompany struct {
	Actor     access.Actor
	CompanyID uuid.UUID
	Patch     CompanyPatch
	IfVersion int64
}

func (p CompanyPatch) applyTo(d company.Details) company.Details {
	patch.Set(&d.Name, p.Name)
	patch.Set(&d.HubID, p.HubID)
	p.ManagerID.Apply(&d.ManagerID)
	d.Address = p.Address.ApplyTo(d.Address)
	return d
}

// UpdateCompanyHandler changes companies: MASTER any; a HUB_MANAGER at hubs they manage (a move
// needs both hubs); a COMPANY manager only their own company's companyName and address.
type UpdateCompanyHandler Deps

// Handle replaces the details and returns the company's view as stored.
func (h UpdateCompanyHandler) Handle(ctx context.Context, c UpdateCompany) (query.CompanyView, error) {
	return h.change(ctx, c.Actor, c.CompanyID, c.IfVersion, func(company.Details) company.Details { return c.Details })
}

// Patch applies the patch to the company as it is when locked.
func (h UpdateCompanyHandler) Patch(ctx context.Context, c PatchCompany) (query.CompanyView, error) {
	return h.change(ctx, c.Actor, c.CompanyID, c.IfVersion, c.Patch.applyTo)
}

func mayChange(a access.Actor) bool { return a.CanUpdateSome() || a.Role == access.Company }

// change is the one path of PUT and PATCH: next computes the new details from the locked
// company's; the hub it goes to is held too (a move puts the company at a live hub).
func (h UpdateCompanyHandler) change(ctx context.Context, actor access.Actor, id uuid.UUID, ifVersion int64,
	next func(company.Details) company.Details,
) (query.CompanyView, error) {
	if !mayChange(actor) {
		return query.CompanyView{}, access.ErrForbidden
	}
	return Deps(h).update(ctx, id, func(ctx context.Context, co *company.Company, fromHub HubHold) error {
		if co.IsDeleted() && !actor.CanSeeDeleted() {
			return company.ErrNotFound
		}
		d := next(co.Details())
		toHub := fromHub
		if d.HubID != co.HubID() && d.HubID != uuid.Nil {
			var err error
			if toHub, err = Deps(h).Hubs.HoldHub(ctx, d.HubID); err != nil {
				return err
			}
		}
		if err := permitChange(actor, co, d, fromHub, toHub); err != nil {
			return err
		}
		if err := checkVersion(co, ifVersion); err != nil {
			return err
		}
		return co.Change(d, actor.ID, Deps(h).Now())
	})
}

// permitChange is the change rule of the contract's matrix. A move needs a live hub to go to
// (company.ErrHubNotFound, 422) and, for a HUB_MANAGER, to manage both hubs.
func permitChange(a access.Actor, co *company.Company, d company.Details, fromHub, toHub HubHold) error {
	if a.Role == access.Company {
		return co.ManagerMayChange(a.ID, d)
	}
	moving := d.HubID != co.HubID() && d.HubID != uuid.Nil
	if a.Role != access.Master && !a.Manages(fromHub.ManagerID) {
		return access.ErrForbidden
	}
	if moving && !toHub.Live {
		return company.ErrHubNotFound
	}
	if !a.CanChangeAt(fromHub.ManagerID, toHub.ManagerID) {
		return access.ErrForbidden
	}
	return nil
}
