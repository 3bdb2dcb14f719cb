package command_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/company/command"
	"github.com/hubd/hubd/internal/application/company/query"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/domain/hub"
)

// TestCommands_HoldTheHubAgainstItsDeletion is the protocol the hub-in-use guard relies on: a
// create, a move and a restore read the hub the company goes to FOR SHARE in their transaction,
// so while a deletion holds the hub (FOR UPDATE) they wait, and once it commits they find the
// hub deleted (422 HUB_NOT_FOUND) instead of putting a live company at a deleted hub.
func TestCommands_HoldTheHubAgainstItsDeletion(t *testing.T) {
	t.Parallel()
	for name, run := range map[string]func(t *testing.T, e *apptest.Env, from, to uuid.UUID) func() (query.CompanyView, error){
		"create": func(_ *testing.T, e *apptest.Env, _, to uuid.UUID) func() (query.CompanyView, error) {
			return func() (query.CompanyView, error) {
				return e.App.Companies.Create.Handle(context.Background(), command.CreateCompany{Actor: e.Master, Details: details("새 회사", to)})
			}
		},
		"move": func(t *testing.T, e *apptest.Env, from, to uuid.UUID) func() (query.CompanyView, error) {
			c := mustCreate(t, e, details("옮길 회사", from))
			return func() (query.CompanyView, error) {
				return e.App.Companies.Update.Patch(context.Background(), command.PatchCompany{Actor: e.Master, CompanyID: c.ID,
					Patch: command.CompanyPatch{HubID: &to}})
			}
		},
		"restore": func(t *testing.T, e *apptest.Env, _, to uuid.UUID) func() (query.CompanyView, error) {
			c := mustCreate(t, e, details("되살릴 회사", to))
			if _, err := e.App.Companies.Delete.Handle(context.Background(), command.DeleteCompany{Actor: e.Master, ID: c.ID}); err != nil {
				t.Fatal(err)
			}
			return func() (query.CompanyView, error) {
				return e.App.Companies.Restore.Handle(context.Background(), command.RestoreCompany{Actor: e.Master, ID: c.ID})
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := apptest.New(t)
			from := e.Create(t, hub.Details{Name: "출발 허브", Address: hub.Address{Address1: "주소"}}).ID()
			to := e.Create(t, hub.Details{Name: "도착 허브", Address: hub.Address{Address1: "주소"}}).ID()
			uc := run(t, e, from, to)
			tx, err := e.DB.Beginx()
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = tx.Rollback() }()
			if _, err := tx.Exec(`SELECT 1 FROM hubs WHERE hub_id = $1 FOR UPDATE`, to); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := uc()
				done <- err
			}()
			select {
			case err := <-done:
				t.Fatalf("%s did not wait for the hub's deletion: %v", name, err)
			case <-time.After(300 * time.Millisecond):
			}
			if _, err := tx.Exec(`UPDATE hubs SET is_deleted = true, deleted_at = now(), deleted_by = $2, version = version + 1
				WHERE hub_id = $1`, to, e.Master.ID); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if err := <-done; !errors.Is(err, company.ErrHubNotFound) {
				t.Errorf("%s after the hub's deletion: %v, want HUB_NOT_FOUND", name, err)
			}
		})
	}
}

func details(name string, hubID uuid.UUID) company.Details {
	return company.Details{Name: name, HubID: hubID, Address: company.Address{Address1: "주소"}}
}

func mustCreate(t *testing.T, e *apptest.Env, d company.Details) query.CompanyView {
	t.Helper()
	v, err := e.App.Companies.Create.Handle(context.Background(), command.CreateCompany{Actor: e.Master, Details: d})
	if err != nil {
		t.Fatal(err)
	}
	return v
}
