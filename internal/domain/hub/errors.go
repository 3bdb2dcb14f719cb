package hub

import (
	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/record"
)

// Sentinel errors. Each belongs to a kernel.Kind and carries the contract's code, so the adapters
// map them without knowing hubs. Callers match them with errors.Is; adapters wrap them with %w.
var (
	// ErrNotFound: no hub with that id (or, for the not-deleted lookups, no live one).
	ErrNotFound = sentinels.NotFound
	// ErrNameTaken: another hub that is not deleted already has this name, compared by its key
	// (names.Key: ignoring case, compatibility forms, white space runs and ignorable characters).
	ErrNameTaken = sentinels.NameTaken
	// ErrVersionMismatch: the caller expected another version than the stored one.
	ErrVersionMismatch = sentinels.VersionMismatch
	// ErrDeleted: the hub is deleted and cannot be changed or deleted again.
	ErrDeleted = sentinels.Deleted
	// ErrNotDeleted: only a deleted hub can be restored.
	ErrNotDeleted = sentinels.NotDeleted
	// ErrInUse: the hub still has live shippers or companies, so it cannot be deleted; an
	// *InUseError tells how many.
	ErrInUse = kernel.NewError(kernel.Conflict, "HUB_IN_USE", "hub is in use").
			WithDetail("the hub still has shippers or companies that are not deleted")
	// ErrUnavailable is kernel.ErrUnavailable, the store's for every aggregate; kept so that
	// callers matching it go on working.
	ErrUnavailable = kernel.ErrUnavailable
	// ErrInvalid is matched by every *ValidationError of a hub.
	ErrInvalid = sentinels.Invalid
)

// subject names the hub to package record (record.Subject): its sentinels, the errors every
// aggregate has alike (record.Standard), which the shared lifecycle and version checks answer
// with and the standard ones above are.
type subject struct{}

var sentinels = record.Standard("hub", "HUB").WithNameTaken("HUB", "hubName", "hubId")

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
