package company

import (
	"fmt"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/record"
)

// Sentinel errors. Each belongs to a kernel.Kind and carries the contract's code, so the adapters
// map them without knowing companies. Callers match them with errors.Is; adapters wrap them with %w.
var (
	// ErrNotFound: no company with that id (or, for the not-deleted lookups, no live one).
	ErrNotFound = kernel.NewError(kernel.NotFound, "COMPANY_NOT_FOUND", "company not found").
			WithDetail("no such company")
	// ErrNameTaken: another live company has a name with the same key (names.Key).
	ErrNameTaken = kernel.NewError(kernel.Conflict, "COMPANY_NAME_TAKEN", "company name already taken").
			WithDetail("another company already has this name").WithField("companyName", "is already taken")
	// ErrDeleted: the company is deleted and cannot be changed or deleted again.
	ErrDeleted = kernel.NewError(kernel.Conflict, "COMPANY_DELETED", "company is deleted").
			WithDetail("the company is deleted; restore it first")
	// ErrNotDeleted: only a deleted company can be restored.
	ErrNotDeleted = kernel.NewError(kernel.Conflict, "COMPANY_NOT_DELETED", "company is not deleted").
			WithDetail("the company is not deleted")
	// ErrVersionMismatch: the caller expected another version than the stored one.
	ErrVersionMismatch = kernel.NewError(kernel.FailedPrecondition, "VERSION_MISMATCH", "company version mismatch").
				WithDetail("the company has another version than If-Match names")
	// ErrInvalid is matched by every *ValidationError of a company.
	ErrInvalid = kernel.NewError(kernel.Invalid, "INVALID_BODY", "invalid company")
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

// subject names the company to package record (record.Subject): its noun, and the sentinels above
// that the shared lifecycle and version check answer with.
type subject struct{}

// Sentinels implements record.Subject.
func (subject) Sentinels() record.Sentinels {
	return record.Sentinels{Noun: "company", Invalid: ErrInvalid, Deleted: ErrDeleted, NotDeleted: ErrNotDeleted, VersionMismatch: ErrVersionMismatch}
}

// VersionMismatchError is ErrVersionMismatch with the version the company is at (Current); it
// implements kernel.Versioner and kernel.Detailer. Like the hub's, it is for a caller who may see
// and change the company: compare versions only after deciding both (CheckVersion).
type VersionMismatchError = record.VersionMismatchError[subject]

// NameTakenError is ErrNameTaken naming the live company that holds the name. HolderID is
// uuid.Nil when the repository could not tell (the holder was deleted between the refusal and
// the look-up).
type NameTakenError struct {
	HolderID uuid.UUID
}

// Error says that the name is taken and, when known, by which company.
func (e *NameTakenError) Error() string {
	if e.HolderID == uuid.Nil {
		return ErrNameTaken.Error()
	}
	return fmt.Sprintf("%v by company %s", ErrNameTaken, e.HolderID)
}

// Unwrap gives ErrNameTaken: errors.Is matches it, and the error has its kind and code.
func (e *NameTakenError) Unwrap() error { return ErrNameTaken }

// Holder implements kernel.Holder: the company holding the name, as companyId.
func (e *NameTakenError) Holder() (property, id string) {
	if e.HolderID == uuid.Nil {
		return "companyId", ""
	}
	return "companyId", e.HolderID.String()
}

// Detail implements kernel.Detailer: which company has the name, when known.
func (e *NameTakenError) Detail() string {
	if e.HolderID == uuid.Nil {
		return ErrNameTaken.Detail()
	}
	return "company " + e.HolderID.String() + " already has this name"
}

// FieldError names one field that breaks a rule; it is the kernel's, shared by every aggregate.
type FieldError = kernel.FieldError

// ValidationError collects every field error of one attempt; it is the kernel's, and a company's
// has Of set to ErrInvalid, so errors.Is(err, ErrInvalid) holds.
type ValidationError = kernel.ValidationError
