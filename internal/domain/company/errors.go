package company

import (
	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/record"
)

// Sentinel errors. Each belongs to a kernel.Kind and carries the contract's code, so the adapters
// map them without knowing companies. Callers match them with errors.Is; adapters wrap them with %w.
var (
	// ErrNotFound: no company with that id (or, for the not-deleted lookups, no live one).
	ErrNotFound = sentinels.NotFound
	// ErrNameTaken: another live company has a name with the same key (names.Key).
	ErrNameTaken = sentinels.NameTaken
	// ErrDeleted: the company is deleted and cannot be changed or deleted again.
	ErrDeleted = sentinels.Deleted
	// ErrNotDeleted: only a deleted company can be restored.
	ErrNotDeleted = sentinels.NotDeleted
	// ErrVersionMismatch: the caller expected another version than the stored one.
	ErrVersionMismatch = sentinels.VersionMismatch
	// ErrInvalid is matched by every *ValidationError of a company.
	ErrInvalid = sentinels.Invalid
	// ErrHubNotFound: the hub a company is created at or moved to is unknown or deleted: 422,
	// naming hubId, as for shippers and routes.
	ErrHubNotFound = kernel.NewError(kernel.Unprocessable, "HUB_NOT_FOUND", "company hub not found").
			WithDetail("the hub does not exist or is deleted").WithField("hubId", "names no live hub")
	// ErrNotTheirCompany: a company manager asked to change a company they do not manage. The
	// code is the permission matrix's (access.ErrForbidden's), so a client sees one 403 whatever
	// refused it.
	ErrNotTheirCompany = kernel.NewError(kernel.Forbidden, "FORBIDDEN", "not the company manager's company").
				WithDetail("a company manager may change only their own company")
	// ErrOnlyNameAndAddress: a company manager asked to change their company's hub or manager.
	ErrOnlyNameAndAddress = kernel.NewError(kernel.Forbidden, "FORBIDDEN", "company manager may change name and address only").
				WithDetail("a company manager may change only their company's companyName and address")
)

// subject names the company to package record (record.Subject): its sentinels, the errors every
// aggregate has alike (record.Standard), which the shared lifecycle and version checks answer
// with and the standard ones above are.
type subject struct{}

var sentinels = record.Standard("company", "COMPANY").WithNameTaken("COMPANY", "companyName", "companyId")

// Sentinels implements record.Subject.
func (subject) Sentinels() record.Sentinels { return sentinels }

// VersionMismatchError is ErrVersionMismatch with the version the company is at (Current); it
// implements kernel.Versioner and kernel.Detailer. Like the hub's, it is for a caller who may see
// and change the company: compare versions only after deciding both (CheckVersion).
type VersionMismatchError = record.VersionMismatchError[subject]

// NameTakenError is ErrNameTaken naming the live company that holds the name (record.NameTakenError:
// HolderID is uuid.Nil when the repository could not tell); it implements kernel.Holder, under
// companyId, and kernel.Detailer.
type NameTakenError = record.NameTakenError[subject]

// FieldError names one field that breaks a rule; it is the kernel's, shared by every aggregate.
type FieldError = kernel.FieldError

// ValidationError collects every field error of one attempt; it is the kernel's, and a company's
// has Of set to ErrInvalid, so errors.Is(err, ErrInvalid) holds.
type ValidationError = kernel.ValidationError
