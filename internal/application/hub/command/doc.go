// Package command holds the use cases that change hubs, one file each. Every use case checks the
// caller's rights, runs the change through hub.Repository.Update (so a failure writes nothing)
// and records the caller and the time in the hub's audit fields. They return the view of the hub
// as stored (query.HubView), what a response shows: the mutable aggregate never leaves the
// application layer.
package command

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/application/transaction"
	"github.com/hubd/hubd/internal/domain/hub"
)

// Clock tells the time; tests pin it.
type Clock func() time.Time

// deps are what every command handler needs.
type deps struct {
	repo hub.Repository
	now  Clock
}

func newDeps(repo hub.Repository, now Clock) (deps, error) {
	if repo == nil || now == nil {
		return deps{}, errors.New("command: a repository and a clock are required")
	}
	return deps{repo: repo, now: now}, nil
}

// Cascade is what a hub's deletion and restore do to what belongs to it (its routes), in the
// hub's transaction: ctx carries it, so the hub and the cascade change together or not at all.
// hubVersion names the deletion: the version the deletion gave the hub (HubRestored gets the
// version the hub had before its restore, which is that same deletion's).
type Cascade interface {
	HubDeleted(ctx context.Context, hubID uuid.UUID, hubVersion int64, by uuid.UUID, at time.Time) error
	HubRestored(ctx context.Context, hubID uuid.UUID, hubVersion int64, by uuid.UUID, at time.Time) error
}

// cascading are the dependencies of delete and restore: the hub's, the unit of work their
// transaction is and the cascade that runs in it.
type cascading struct {
	deps
	tx      transaction.Transactor
	cascade Cascade
}

func newCascading(repo hub.Repository, tx transaction.Transactor, cascade Cascade, now Clock) (cascading, error) {
	d, err := newDeps(repo, now)
	if err == nil && (tx == nil || cascade == nil) {
		err = errors.New("command: a transactor and a cascade are required")
	}
	return cascading{deps: d, tx: tx, cascade: cascade}, err
}

// checkVersion applies an optional If-Match version (0: none) to the locked hub. The commands
// call it inside their closures after deciding whether the caller may see and change the hub,
// so a stale version never tells an outsider more than 404 or 403 would; and so the refusal can
// carry the current version (a *hub.VersionMismatchError) for the client's retry.
func checkVersion(h *hub.Hub, version int64) error {
	if version != 0 && version != h.Version() {
		return &hub.VersionMismatchError{Current: h.Version()}
	}
	return nil
}

// viewOf is the view of a stored hub, or the error that kept it from being stored.
func viewOf(h *hub.Hub, err error) (query.HubView, error) {
	if err != nil {
		return query.HubView{}, err
	}
	return query.ViewOf(h), nil
}

// nameTakenFor keeps the holder's id in a *hub.NameTakenError only for a caller who may see the
// holder. The holder is live, and every role that may create, update or restore (MASTER,
// HUB_MANAGER) reads live hubs, so today every caller that gets this far sees it; the rule is
// written here so that a role that may write but not read would not learn ids from a 409.
func nameTakenFor(a access.Actor, err error) error {
	var taken *hub.NameTakenError
	if errors.As(err, &taken) && !a.CanRead() {
		return hub.ErrNameTaken
	}
	return err
}
