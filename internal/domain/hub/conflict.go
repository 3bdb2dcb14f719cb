package hub

import (
	"fmt"

	"github.com/hubd/hubd/internal/domain/record"
)

// VersionMismatchError is ErrVersionMismatch with the version the hub is at (Current), so a
// client can retry without reading the hub again; it implements kernel.Versioner and
// kernel.Detailer. It tells the hub's version, so it is for a caller who may see and change the
// hub, which is why the commands compare versions only after deciding both (command.checkVersion).
type VersionMismatchError = record.VersionMismatchError[subject]

// NameTakenError is ErrNameTaken naming the live hub that holds the name (record.NameTakenError:
// HolderID is uuid.Nil when the repository could not tell); it implements kernel.Holder, under
// hubId, and kernel.Detailer.
type NameTakenError = record.NameTakenError[subject]

// InUseError is ErrInUse with what keeps the hub in use: its live shippers and companies.
type InUseError struct {
	Shippers, Companies int64
}

// Error says that the hub is in use, and by how many.
func (e *InUseError) Error() string { return fmt.Sprintf("%v: %s", ErrInUse, e.counts()) }

// Unwrap gives ErrInUse: errors.Is matches it, and the error has its kind and code.
func (e *InUseError) Unwrap() error { return ErrInUse }

// Detail implements kernel.Detailer: both counts, so the caller knows what to delete or move.
func (e *InUseError) Detail() string {
	return "the hub still has " + e.counts() + " that are not deleted; delete them or move them to another hub first"
}

func (e *InUseError) counts() string {
	return plural(e.Shippers, "shipper", "shippers") + " and " + plural(e.Companies, "company", "companies")
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
