package command

import (
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/domain/hub"
)

// TestNameTakenForHidesTheHolderFromNonReaders: the holder's id reaches only a caller who may
// read hubs; the refusal itself stays a name conflict for everyone.
func TestNameTakenForHidesTheHolderFromNonReaders(t *testing.T) {
	holder := uuid.New()
	taken := &hub.NameTakenError{HolderID: holder}
	for _, role := range access.Roles {
		a := access.Actor{ID: uuid.New(), Role: role}
		err := nameTakenFor(a, taken)
		var got *hub.NameTakenError
		revealed := errors.As(err, &got) && got.HolderID == holder
		if !errors.Is(err, hub.ErrNameTaken) || revealed != a.CanRead() {
			t.Errorf("%s: err = %v (holder revealed %v), want ErrNameTaken revealing the holder only to readers", role, err, revealed)
		}
	}
	if err := nameTakenFor(access.Actor{Role: access.Master}, nil); err != nil {
		t.Errorf("nil error became %v", err)
	}
}
