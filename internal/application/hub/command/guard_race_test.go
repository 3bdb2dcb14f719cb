package command_test

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/hub"
)

// registerShipperSQL is a registration as every command that puts a live shipper or company at a
// hub does it (the protocol of command.HubUsers): read the hub FOR SHARE, and write only when it
// is live, in one transaction.
const (
	lockLiveHubSQL   = `SELECT hub_id FROM hubs WHERE hub_id = $1 AND NOT is_deleted FOR SHARE`
	insertShipperSQL = `INSERT INTO shippers (shipper_id, hub_id, shipper_type, version, created_at, created_by, updated_at, updated_by)
		VALUES ($1, $2, 'SHIPPER_HUB', 1, now(), $1, now(), $1)`
	liveShippersAtSQL = `SELECT count(*) FROM shippers WHERE hub_id = $1 AND NOT is_deleted`
)

// registerShipper registers a new shipper at the hub when it finds the hub live; registered says
// whether it did.
func registerShipper(ctx context.Context, db *sqlx.DB, hubID uuid.UUID) (registered bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer func() { _ = tx.Rollback() }()
	var id uuid.UUID
	switch err := tx.QueryRowContext(ctx, lockLiveHubSQL, hubID).Scan(&id); {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil // the hub is deleted: the registration is refused
	case err != nil:
		return false, err
	}
	if _, err := tx.ExecContext(ctx, insertShipperSQL, uuid.New(), hubID); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// TestDeleteHub_GuardHoldsAgainstAConcurrentRegistration: a hub's deletion (the real use case)
// and a shipper's registration at that hub (as the protocol says), started together in each of
// many rounds: exactly one of them wins. Either the hub is deleted and no live shipper is at it
// (the registration found it deleted), or the shipper is registered and the deletion refused
// with HUB_IN_USE; never both, never neither. Why it holds is argued at DeleteHubHandler's guard
// (delete_hub.go); a registration that reads the hub without FOR SHARE breaks it (both win in
// some rounds).
func TestDeleteHub_GuardHoldsAgainstAConcurrentRegistration(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	const rounds = 50
	var deletions, registrations int
	for i := range rounds {
		h := e.Create(t, apptest.Details("경합 허브 "+string(rune('가'+i)), nil))
		var (
			start      = make(chan struct{})
			wg         sync.WaitGroup
			deleteErr  error
			registered bool
			regErr     error
		)
		wg.Add(2)
		go func() {
			defer wg.Done()
			<-start
			_, deleteErr = e.App.Hubs.Delete.Handle(ctx, command.DeleteHub{Actor: e.Master, ID: h.ID()})
		}()
		go func() {
			defer wg.Done()
			<-start
			registered, regErr = registerShipper(ctx, e.DB, h.ID())
		}()
		close(start)
		wg.Wait()
		if regErr != nil {
			t.Fatalf("round %d: registration: %v", i, regErr)
		}
		if deleteErr != nil && !errors.Is(deleteErr, hub.ErrInUse) {
			t.Fatalf("round %d: deletion: %v", i, deleteErr)
		}
		var live int
		if err := e.DB.QueryRow(liveShippersAtSQL, h.ID()).Scan(&live); err != nil {
			t.Fatal(err)
		}
		stored := e.Load(t, h.ID())
		deleted := deleteErr == nil
		switch {
		case deleted && !registered && stored.Deleted && live == 0:
			deletions++
		case !deleted && registered && !stored.Deleted && live == 1:
			var inUse *hub.InUseError
			if !errors.As(deleteErr, &inUse) || inUse.Shippers != 1 || inUse.Companies != 0 {
				t.Errorf("round %d: refusal %v, want 1 shipper and 0 companies", i, deleteErr)
			}
			registrations++
		default:
			t.Errorf("round %d: deleted %v (stored %v), registered %v, %d live shippers at the hub: not exactly one winner",
				i, deleted, stored.Deleted, registered, live)
		}
	}
	t.Logf("%d rounds: the deletion won %d, the registration won %d", rounds, deletions, registrations)
	if deletions+registrations != rounds {
		t.Errorf("%d rounds had exactly one winner, want all %d", deletions+registrations, rounds)
	}
}

// TestDeleteHub_InUseAfterTheCallersChecks: a hub in use is refused with HUB_IN_USE (writing
// nothing) only for a caller who may delete it and names its current version: a caller who may
// not is 403 and a stale If-Match 412, neither telling the counts.
func TestDeleteHub_InUseAfterTheCallersChecks(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	h := e.Create(t, apptest.Details("쓰이는 허브", nil))
	if registered, err := registerShipper(ctx, e.DB, h.ID()); err != nil || !registered {
		t.Fatalf("register: %v %v", registered, err)
	}
	before := e.Load(t, h.ID())
	refuses(t, e, h.ID(), deleteHub, hub.ErrInUse)
	_, err := e.App.Hubs.Delete.Handle(ctx, command.DeleteHub{Actor: apptest.Actor(access.HubManager), ID: h.ID()})
	apptest.WantErr(t, err, access.ErrForbidden)
	_, err = e.App.Hubs.Delete.Handle(ctx, command.DeleteHub{Actor: e.Master, ID: h.ID(), IfVersion: before.Version + 1})
	apptest.WantErr(t, err, hub.ErrVersionMismatch)
	e.Unchanged(t, before)
}
