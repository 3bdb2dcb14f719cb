package route

import (
	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/record"
)

// Sentinel errors. Each belongs to a kernel.Kind and carries the contract's code, so the adapters
// map them without knowing routes. Callers match them with errors.Is; adapters wrap them with %w.
var (
	// ErrNotFound: no route with that id (or, for the not-deleted lookups, no live one).
	ErrNotFound = sentinels.NotFound
	// ErrExists: a live route already links the same departure hub to the same arrival hub
	// (one live route per ordered pair), on create and on restore.
	ErrExists = kernel.NewError(kernel.Conflict, "ROUTE_EXISTS", "route already exists").
			WithDetail("a live route already links these hubs in this direction")
	// ErrDeleted: the route is deleted and cannot be changed or deleted again.
	ErrDeleted = sentinels.Deleted
	// ErrNotDeleted: only a deleted route can be restored.
	ErrNotDeleted = sentinels.NotDeleted
	// ErrNotDeletedWithHub: RestoreWithHub was asked to restore a route that the named deletion
	// of the hub did not remove. The cascade's adapter selects the routes by their mark, so this
	// is a guard against a wrong selection, not an answer a client should meet.
	ErrNotDeletedWithHub = kernel.NewError(kernel.Conflict, "ROUTE_NOT_DELETED", "route was not deleted with this hub").
				WithDetail("the route was not deleted together with this hub")
	// ErrVersionMismatch: the caller expected another version than the stored one. The code is
	// the hub's: a client handles a stale If-Match the same way whatever the resource.
	ErrVersionMismatch = sentinels.VersionMismatch
	// ErrInvalid is matched by every *ValidationError of a route.
	ErrInvalid = sentinels.Invalid
)

// subject names the route to package record (record.Subject): its sentinels, the errors every
// aggregate has alike (record.Standard), which the shared lifecycle and version checks answer
// with and the standard ones above are.
type subject struct{}

var sentinels = record.Standard("route", "ROUTE")

// Sentinels implements record.Subject.
func (subject) Sentinels() record.Sentinels { return sentinels }

// The contract answers a route whose hub is unknown or deleted with 422 HUB_NOT_FOUND naming the
// field: the body is well formed and valid (not Invalid, 400), and the route is not the missing
// thing (not NotFound, 404).
var errHubNotFound = kernel.NewError(kernel.Unprocessable, "HUB_NOT_FOUND", "route hub not found")

// The three answers HubNotFound gives, declared once so callers can match them with errors.Is.
var (
	// ErrDepartureHubNotFound: the departure hub does not exist or is deleted.
	ErrDepartureHubNotFound = errHubNotFound.WithDetail("the departure hub does not exist or is deleted").
				WithField("departureHubId", "names no live hub")
	// ErrArrivalHubNotFound: the arrival hub does not exist or is deleted.
	ErrArrivalHubNotFound = errHubNotFound.WithDetail("the arrival hub does not exist or is deleted").
				WithField("arrivalHubId", "names no live hub")
	// ErrHubsNotFound: neither hub exists or is live.
	ErrHubsNotFound = errHubNotFound.WithDetail("neither hub exists or is live").
			WithField("departureHubId", "names no live hub").WithField("arrivalHubId", "names no live hub")
)

// HubNotFound is the error for a create or restore whose hubs the application could not find
// live: nil when both are there, else the sentinel naming the missing one (or both), so the
// caller is told every field to fix at once.
func HubNotFound(departureMissing, arrivalMissing bool) error {
	switch {
	case departureMissing && arrivalMissing:
		return ErrHubsNotFound
	case departureMissing:
		return ErrDepartureHubNotFound
	case arrivalMissing:
		return ErrArrivalHubNotFound
	}
	return nil
}

// FieldError names one field that breaks a rule; it is the kernel's, shared by every aggregate.
type FieldError = kernel.FieldError

// ValidationError collects every field error of one attempt; it is the kernel's, and a route's
// has Of set to ErrInvalid, so errors.Is(err, ErrInvalid) holds.
type ValidationError = kernel.ValidationError
