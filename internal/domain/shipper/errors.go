package shipper

import (
	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/record"
)

// sentinels are the shipper's share of the errors every aggregate has alike (record.Standard),
// which the shared lifecycle and version checks answer with.
var sentinels = record.Standard("shipper", "SHIPPER")

// The standard sentinels (record.Standard): not found (or, for the not-deleted lookups, no live
// one), deleted (not changed or deleted again), not deleted (only a deleted shipper is restored), a
// version mismatch (If-Match) and invalid (every *ValidationError of a shipper matches it).
var (
	ErrNotFound        = sentinels.NotFound
	ErrDeleted         = sentinels.Deleted
	ErrNotDeleted      = sentinels.NotDeleted
	ErrVersionMismatch = sentinels.VersionMismatch
	ErrInvalid         = sentinels.Invalid
)

// Sentinel errors. Each belongs to a kernel.Kind and carries the contract's code, so the adapters
// map them without knowing shippers. Callers match them with errors.Is; adapters wrap them with %w.
var (
	// ErrExists: a live shipper already has this id (one live shipper per user id).
	ErrExists = kernel.NewError(kernel.Conflict, "SHIPPER_EXISTS", "shipper already exists").
			WithDetail("a shipper with this id is already registered").WithField("shipperId", "is already registered")
	// ErrHubNotFound: the hub a shipper is registered at or moved to is unknown or deleted. The
	// body is well formed and valid (not Invalid, 400), and the shipper is not the missing thing
	// (not NotFound, 404): 422, naming hubId.
	ErrHubNotFound = kernel.NewError(kernel.Unprocessable, "HUB_NOT_FOUND", "shipper hub not found").
			WithDetail("the hub does not exist or is deleted").WithField("hubId", "names no live hub")
	// ErrNoShipper: the rotation found no live shipper of the type at the hub.
	ErrNoShipper = kernel.NewError(kernel.NotFound, "NO_SHIPPER", "no shipper to assign").
			WithDetail("the hub has no live shipper of this type")
)

// subject names the shipper to package record (record.Subject): its sentinels.
type subject struct{}

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
