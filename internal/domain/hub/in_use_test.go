package hub_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/kernel"
)

// TestInUseError: the refusal is ErrInUse (409 HUB_IN_USE) through any wrapping, and its detail
// gives both counts, in the singular for one.
func TestInUseError(t *testing.T) {
	for _, tc := range []struct {
		shippers, companies int64
		want                string
	}{
		{1, 0, "the hub still has 1 shipper and 0 companies that are not deleted; delete them or move them to another hub first"},
		{0, 1, "the hub still has 0 shippers and 1 company that are not deleted; delete them or move them to another hub first"},
		{3, 2, "the hub still has 3 shippers and 2 companies that are not deleted; delete them or move them to another hub first"},
	} {
		err := fmt.Errorf("delete hub: %w", &hub.InUseError{Shippers: tc.shippers, Companies: tc.companies})
		if !errors.Is(err, hub.ErrInUse) || kernel.KindOf(err) != kernel.Conflict || kernel.CodeOf(err) != "HUB_IN_USE" {
			t.Errorf("%v: is ErrInUse %v, kind %v, code %q", err, errors.Is(err, hub.ErrInUse), kernel.KindOf(err), kernel.CodeOf(err))
		}
		var d kernel.Detailer
		if !errors.As(err, &d) || d.Detail() != tc.want {
			t.Errorf("detail of %d/%d = %v, want %q", tc.shippers, tc.companies, d, tc.want)
		}
	}
}
