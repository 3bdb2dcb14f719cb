// Package command holds the use cases that change companies, one file each. Every use case runs
// in one transaction of the application's unit of work: the hub a company is (or goes) at is read
// in it FOR SHARE (Hubs), after the company is locked, so a hub's deletion and its hub-in-use
// guard queue behind a company put at it, and the guard then sees that company. Each returns the
// view of the company as stored.
package command

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/company/query"
	"github.com/hubd/hubd/internal/application/transaction"
	"github.com/hubd/hubd/internal/domain/company"
)

// Clock tells the time; tests pin it.
type Clock func() time.Time

// HubHold is what a company's command learns of a hub: whether it is live, and its manager.
type HubHold struct {
	Live      bool
	ManagerID *uuid.UUID
}

// Hubs reads the hubs companies are at.
type Hubs interface {
	// HoldHub reads the hub in the transaction ctx carries with SELECT … FROM hubs WHERE
	// hub_id = $1 AND NOT is_deleted FOR SHARE: a live hub stays live until that transaction
	// ends (its deletion, which locks it FOR UPDATE, waits); a hub that is not live is Live false.
	HoldHub(ctx context.Context, hubID uuid.UUID) (HubHold, error)
}

// Deps are what every company command needs.
type Deps struct {
	Companies company.Repository
	Hubs      Hubs
	Tx        transaction.Transactor
	Now       Clock
}

// Check refuses missing dependencies: the use cases are wired (each a Deps under its own name)
// only over complete ones.
func (d Deps) Check() error {
	if d.Companies == nil || d.Hubs == nil || d.Tx == nil || d.Now == nil {
		return errors.New("company command: a repository, a hub reader, a transactor and a clock are required")
	}
	return nil
}

// checkVersion applies an optional If-Match version (0: none) to the locked company.
func checkVersion(c *company.Company, version int64) error {
	if version != 0 {
		return c.CheckVersion(version)
	}
	return nil
}

// inTx runs fn in one transaction and returns the view of the company it stored.
func (d Deps) inTx(ctx context.Context, fn func(ctx context.Context) (*company.Company, error)) (query.CompanyView, error) {
	var stored *company.Company
	err := d.Tx.InTx(ctx, func(ctx context.Context) error {
		c, err := fn(ctx)
		stored = c
		return err
	})
	if err != nil {
		return query.CompanyView{}, err
	}
	return query.ViewOf(stored), nil
}

// update locks the company (FOR UPDATE) and then holds its hub (FOR SHARE) in one transaction,
// and lets fn decide on the locked company and its held hub. The company is locked first: no
// writer locks a hub and then a company (a hub's deletion locks the hub and only counts its
// companies), so this order cannot deadlock, and the hub held is the one the locked company is at.
func (d Deps) update(ctx context.Context, id uuid.UUID, fn func(ctx context.Context, c *company.Company, hub HubHold) error) (query.CompanyView, error) {
	return d.inTx(ctx, func(ctx context.Context) (*company.Company, error) {
		return d.Companies.Update(ctx, id, func(c *company.Company) error {
			hub, err := d.Hubs.HoldHub(ctx, c.HubID())
			if err != nil {
				return err
			}
			return fn(ctx, c, hub)
		})
	})
}

// mayManage is the lifecycle rule (create, delete, restore): MASTER, or the manager of the hub.
func mayManage(a access.Actor, h HubHold) bool { return a.CanChangeAt(h.ManagerID, h.ManagerID) }
