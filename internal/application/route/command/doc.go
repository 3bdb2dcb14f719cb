// Package command holds the use cases that change hub routes, one file each, and the hub
// cascade (HubCascade), which the hub's delete and restore run in their transaction. Every use
// case is MASTER's, runs in one transaction of the application's unit of work (the hubs a route
// needs are read in it, held against a concurrent deletion) and returns the view of the route
// as stored (query.RouteView).
package command

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/route/query"
	"github.com/hubd/hubd/internal/application/transaction"
	"github.com/hubd/hubd/internal/domain/route"
)

// Clock tells the time; tests pin it.
type Clock func() time.Time

// HubPair is what a route's command needs of its two hubs: whether each is live, and their
// locations (for the great-circle rule; nil where a hub has none or is not live).
type HubPair struct {
	DepartureLive, ArrivalLive bool
	Ends                       route.Ends
}

// HubEnds reads the hubs of a route for its commands.
type HubEnds interface {
	// LiveHubEnds reads the two hubs in the transaction ctx carries, holding the live ones
	// against a concurrent deletion until it ends (a hub deleted meanwhile would otherwise keep
	// a live route its cascade did not see).
	LiveHubEnds(ctx context.Context, departureHubID, arrivalHubID uuid.UUID) (HubPair, error)
	// PeekHubEnds reads them in that transaction without holding them: for the hub cascade's
	// restore, which already holds its hub and must not wait for the other one (a concurrent
	// deletion of the other hub takes the restored route with it once this commits).
	PeekHubEnds(ctx context.Context, departureHubID, arrivalHubID uuid.UUID) (HubPair, error)
}

// Deps are what every route command needs: the routes, their hubs, the unit of work and a clock.
type Deps struct {
	Routes route.Repository
	Hubs   HubEnds
	Tx     transaction.Transactor
	Now    Clock
}

// Check refuses missing dependencies: the use cases are wired (each a Deps under its own name)
// only over complete ones.
func (d Deps) Check() error {
	if d.Routes == nil || d.Hubs == nil || d.Tx == nil || d.Now == nil {
		return errors.New("route command: a repository, a hub reader, a transactor and a clock are required")
	}
	return nil
}

// checkVersion applies an optional If-Match version (0: none) to the locked route.
func checkVersion(r *route.HubRoute, version int64) error {
	if version != 0 {
		return r.CheckVersion(version)
	}
	return nil
}

// hubsLive is HubNotFound's answer for the pair.
func hubsLive(p HubPair) error { return route.HubNotFound(!p.DepartureLive, !p.ArrivalLive) }

// holdHubs reads the route's hubs in the transaction ctx carries, holding them (HubEnds) before
// the route is locked: a change of a route queues behind a deletion of one of its hubs instead of
// deadlocking with its cascade, which holds the hub (and the event log's lock) and then locks
// the route. A route's hubs never change, so reading the route first is safe.
func (d Deps) holdHubs(ctx context.Context, routeID uuid.UUID) (HubPair, error) {
	r, err := d.Routes.FindByID(ctx, routeID)
	if err != nil {
		return HubPair{}, err
	}
	return d.Hubs.LiveHubEnds(ctx, r.DepartureHubID(), r.ArrivalHubID())
}

// errStaleHold: the route is live but the hubs held before locking it were not both live, so
// a hub's restore brought the route back in between and one hub is not held. Writing now could
// deadlock with that hub's next deletion (it holds the hub and the event log's lock, then locks
// the route), so the unit of work starts again and holds the hubs as they are now.
var errStaleHold = errors.New("route command: the route's hubs changed while it was locked")

// checkHold refuses to write a live route whose hubs the unit of work does not hold.
func checkHold(r *route.HubRoute, p HubPair) error {
	if !r.IsDeleted() && !(p.DepartureLive && p.ArrivalLive) {
		return errStaleHold
	}
	return nil
}

// maxAttempts bounds the restarts after errStaleHold; each needs a hub restore in a window of
// a few statements, so a second attempt is already rare.
const maxAttempts = 5

// change is a MASTER's change of the existing route id, in one transaction: its hubs held
// first (holdHubs), then fn on the locked route with them; the route's view as stored.
func (d Deps) change(ctx context.Context, actor access.Actor, id uuid.UUID, fn func(r *route.HubRoute, pair HubPair) error) (query.RouteView, error) {
	if !actor.CanManageLifecycle() {
		return query.RouteView{}, access.ErrForbidden
	}
	return d.inTx(ctx, func(ctx context.Context) (*route.HubRoute, error) {
		pair, err := d.holdHubs(ctx, id)
		if err != nil {
			return nil, err
		}
		return d.Routes.Update(ctx, id, func(r *route.HubRoute) error { return fn(r, pair) })
	})
}

// inTx runs fn in one transaction and returns the view of the route it stored; it starts again
// after errStaleHold.
func (d Deps) inTx(ctx context.Context, fn func(ctx context.Context) (*route.HubRoute, error)) (query.RouteView, error) {
	var stored *route.HubRoute
	var err error
	for range maxAttempts {
		err = d.Tx.InTx(ctx, func(ctx context.Context) error {
			r, err := fn(ctx)
			stored = r
			return err
		})
		if !errors.Is(err, errStaleHold) {
			break
		}
	}
	if err != nil {
		return query.RouteView{}, err
	}
	return query.ViewOf(stored), nil
}
