package hub

import (
	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/record"
)

// Sentinel errors. Each belongs to a kernel.Kind and carries the contract's code, so the adapters
// map them without knowing hubs. Callers match them with errors.Is; adapters wrap them with %w.
var (
	// ErrNotFound: no hub with that id (or, for the not-deleted lookups, no live one).
	ErrNotFound = kernel.NewError(kernel.NotFound, "HUB_NOT_FOUND", "hub not found").
			WithDetail("no such hub")
	// ErrNameTaken: another hub that is not deleted already has this name, compared by its key
	// (names.Key: ignoring case, compatibility forms, white space runs and ignorable characters).
	ErrNameTaken = kernel.NewError(kernel.Conflict, "HUB_NAME_TAKEN", "hub name already taken").
			WithDetail("another hub already has this name").WithField("hubName", "is already taken")
	// ErrVersionMismatch: the caller expected another version than the stored one.
	ErrVersionMismatch = kernel.NewError(kernel.FailedPrecondition, "VERSION_MISMATCH", "hub version mismatch").
				WithDetail("the hub has another version than If-Match names")
	// ErrDeleted: the hub is deleted and cannot be changed or deleted again.
	ErrDeleted = kernel.NewError(kernel.Conflict, "HUB_DELETED", "hub is deleted").
			WithDetail("the hub is deleted; restore it first")
	// ErrNotDeleted: only a deleted hub can be restored.
	ErrNotDeleted = kernel.NewError(kernel.Conflict, "HUB_NOT_DELETED", "hub is not deleted").
			WithDetail("the hub is not deleted")
	// ErrInUse: the hub still has live shippers or companies, so it cannot be deleted; an
	// *InUseError tells how many.
	ErrInUse = kernel.NewError(kernel.Conflict, "HUB_IN_USE", "hub is in use").
			WithDetail("the hub still has shippers or companies that are not deleted")
	// ErrUnavailable is kernel.ErrUnavailable, the store's for every aggregate; kept so that
	// callers matching it go on working.
	ErrUnavailable = kernel.ErrUnavailable
	// ErrInvalid is matched by every *ValidationError of a hub.
	ErrInvalid = kernel.NewError(kernel.Invalid, "INVALID_BODY", "invalid hub")
)

// subject names the hub to package record (record.Subject): its noun, and the sentinels above that
// the shared lifecycle and version check answer with.
type subject struct{}

// Sentinels implements record.Subject.
func (subject) Sentinels() record.Sentinels {
	return record.Sentinels{Noun: "hub", Invalid: ErrInvalid, Deleted: ErrDeleted, NotDeleted: ErrNotDeleted, VersionMismatch: ErrVersionMismatch}
}

// FieldError names one field that breaks a rule; it is the kernel's, shared by every aggregate.
type FieldError = kernel.FieldError

// ValidationError collects every field error of one attempt; it is the kernel's, and a hub's
// has Of set to ErrInvalid, so errors.Is(err, ErrInvalid) holds.
type ValidationError = kernel.ValidationError

// validator gathers field errors; err returns nil when there were none.
type validator struct{ kernel.Validator }

func (v *validator) add(field, message string) { v.Add(field, message) }

func (v *validator) err() error { return v.Err(ErrInvalid) }
