package postgres_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/shipper"
)

// TestShipperWrites_WaitForAHubDeletion is the shippers' half of the hub-in-use protocol: a hub
// deletion locks the hub FOR UPDATE, then (the guard) counts its live shippers. A registration,
// a move to the hub and a restore at it hold the hub FOR SHARE, so each waits for a deletion in
// flight and, once it commits, finds the hub deleted (HUB_NOT_FOUND) and writes nothing: the
// deletion's count never misses a shipper. Without the hold the write would go through at once.
func TestShipperWrites_WaitForAHubDeletion(t *testing.T) {
	t.Parallel()
	e := newShipperEnv(t)
	home := e.hub(t, "본 센터")
	// Each write is prepared while the target hub is live (setup), then raced with its deletion.
	writes := map[string]func(target uuid.UUID) func() error{
		"register": func(target uuid.UUID) func() error {
			s, _ := shipper.New(uuid.New(), shipper.Details{HubID: target, Type: shipper.TypeHub}, master, base)
			return func() error { return e.shippers.Create(ctx, s) }
		},
		"move": func(target uuid.UUID) func() error {
			s := e.shipper(t, home, shipper.TypeHub, base)
			return func() error {
				_, err := e.shippers.Update(ctx, s.ID(), func(x *shipper.Shipper) error {
					return x.Change(shipper.Details{HubID: target, Type: shipper.TypeHub}, master, base.Add(time.Minute))
				})
				return err
			}
		},
		"restore": func(target uuid.UUID) func() error {
			s := e.shipper(t, target, shipper.TypeHub, base)
			e.change(t, s.ID(), func(x *shipper.Shipper) error { return x.Delete(master, base.Add(time.Minute)) })
			return func() error {
				_, err := e.shippers.Update(ctx, s.ID(), func(x *shipper.Shipper) error { return x.Restore(master, base.Add(2*time.Minute)) })
				return err
			}
		},
	}
	for name, prepare := range writes {
		target := e.hub(t, "대상 센터 "+name)
		run := prepare(target)
		tx, err := e.db.Beginx()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(`SELECT 1 FROM hubs WHERE hub_id = $1 FOR UPDATE`, target); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- run() }()
		select {
		case err := <-done:
			t.Fatalf("%s: did not wait for the hub's deletion in flight: %v", name, err)
		case <-time.After(300 * time.Millisecond):
		}
		if _, err := tx.Exec(`UPDATE hubs SET is_deleted = true, deleted_at = $2, deleted_by = $3, version = version + 1
			WHERE hub_id = $1`, target, base.Add(time.Hour), master); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if err := <-done; !errors.Is(err, shipper.ErrHubNotFound) {
			t.Errorf("%s at a hub deleted meanwhile: %v, want HUB_NOT_FOUND", name, err)
		}
		var live int
		if err := e.db.Get(&live, `SELECT count(*) FROM shippers WHERE hub_id = $1 AND NOT is_deleted`, target); err != nil || live != 0 {
			t.Errorf("%s: %d live shippers at the deleted hub (%v)", name, live, err)
		}
	}
}
