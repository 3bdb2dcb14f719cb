package hub

import (
	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/record"
)

// sentinels are the hub's share of the errors every aggregate has alike (record.Standard),
// which the shared lifecycle and version checks answer with.
var sentinels = record.Standard("hub", "HUB").WithNameTaken("HUB", "hubName", "hubId")

// The standard sentinels (record.Standard): not found (or, for the not-deleted lookups, no live
// one), deleted (not changed or deleted again), not deleted (only a deleted hub is restored), a
// version mismatch (If-Match) and invalid (every *ValidationError of a hub matches it).
var (
	ErrNotFound        = sentinels.NotFound
	ErrDeleted         = sentinels.Deleted
	ErrNotDeleted      = sentinels.NotDeleted
	ErrVersionMismatch = sentinels.VersionMismatch
	ErrInvalid         = sentinels.Invalid
	// ErrNameTaken: another live hub has a name with the same key (names.Key: ignoring case,
	// compatibility forms, white space runs and ignorable characters).
	ErrNameTaken = sentinels.NameTaken
)

// Sentinel errors. Each belongs to a kernel.Kind and carries the contract's code, so the adapters
// map them without knowing hubs. Callers match them with errors.Is; adapters wrap them with %w.
var (
	// ErrInUse: the hub still has live shippers or companies, so it cannot be deleted; an
	// *InUseError tells how many.
	ErrInUse = kernel.NewError(kernel.Conflict, "HUB_IN_USE", "hub is in use").
			WithDetail("the hub still has shippers or companies that are not deleted")
	// ErrUnavailable is kernel.ErrUnavailable, the store's for every aggregate; kept so that
	// callers matching it go on working.
	ErrUnavailable = kernel.ErrUnavailable
)

// subject names the hub to package record (record.Subject): its sentinels.
type subject struct{}

// Sentinels implements record.Subject.
func (subject) Sentinels() record.Sentinels { return sentinels }

// FieldError names one field that breaks a rule; it is the kernel's, shared by every aggregate.
type FieldError = kernel.FieldError

// ValidationError collects every field error of one attempt; it is the kernel's, and a hub's
// has Of set to ErrInvalid, so errors.Is(err, ErrInvalid) holds.
type ValidationError = kernel.ValidationError

// validator gathers field errors; err returns nil when there were none.
type validator struct{ kernel.Validator }

func (v *validator) add(field, message string) { v.Add(field, message) }

func (v *validator) err() error { return v.Err(ErrInvalid) }
