package shipper

import (
	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/record"
)

// Sentinel errors. Each belongs to a kernel.Kind and carries the contract's code, so the adapters
// map them without knowing shippers. Callers match them with errors.Is; adapters wrap them with %w.
var (
	// ErrNotFound: no shipper with that id (or, for the not-deleted lookups, no live one).
	ErrNotFound = sentinels.NotFound
	// ErrExists: a live shipper already has this id (one live shipper per user id).
	ErrExists = kernel.NewError(kernel.Conflict, "SHIPPER_EXISTS", "shipper already exists").
			WithDetail("a shipper with this id is already registered").WithField("shipperId", "is already registered")
	// ErrDeleted: the shipper is deleted and cannot be changed or deleted again; registering its
	// id again is this error too (restore it instead, see the README's Decisions).
	ErrDeleted = sentinels.Deleted
	// ErrNotDeleted: only a deleted shipper can be restored.
	ErrNotDeleted = sentinels.NotDeleted
	// ErrVersionMismatch: the caller expected another version than the stored one.
	ErrVersionMismatch = sentinels.VersionMismatch
	// ErrInvalid is matched by every *ValidationError of a shipper.
	ErrInvalid = sentinels.Invalid
	// ErrHubNotFound: the hub a shipper is registered at or moved to is unknown or deleted. The
	// body is well formed and valid (not Invalid, 400), and the shipper is not the missing thing
	// (not NotFound, 404): 422, naming hubId.
	ErrHubNotFound = kernel.NewError(kernel.Unprocessable, "HUB_NOT_FOUND", "shipper hub not found").
			WithDetail("the hub does not exist or is deleted").WithField("hubId", "names no live hub")
	// ErrNoShipper: the rotation found no live shipper of the type at the hub.
	ErrNoShipper = kernel.NewError(kernel.NotFound, "NO_SHIPPER", "no shipper to assign").
			WithDetail("the hub has no live shipper of this type")
)

// subject names the shipper to package record (record.Subject): its sentinels, the errors every
// aggregate has alike (record.Standard), which the shared lifecycle and version checks answer
// with and the standard ones above are.
type subject struct{}

var sentinels = record.Standard("shipper", "SHIPPER")

// Sentinels implements record.Subject.
func (subject) Sentinels() record.Sentinels { return sentinels }

// VersionMismatchError is ErrVersionMismatch with the version the shipper is at (Current); it
// implements kernel.Versioner and kernel.Detailer. Like the hub's, it is for a caller who may see
// and change the shipper: compare versions only after deciding both (CheckVersion).
type VersionMismatchError = record.VersionMismatchError[subject]

// FieldError names one field that breaks a rule; it is the kernel's, shared by every aggregate.
type FieldError = kernel.FieldError

// ValidationError collects every field error of one attempt; it is the kernel's, and a shipper's
// has Of set to ErrInvalid, so errors.Is(err, ErrInvalid) holds.
type ValidationError = kernel.ValidationError
