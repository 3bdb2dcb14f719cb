package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"testing"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/kernel"
)

// errThingTaken is an error of an aggregate problem.go has never heard of.
var errThingTaken = kernel.NewError(kernel.Conflict, "THING_TAKEN", "thing name already taken").
	WithDetail("another thing already has this name").WithField("thingName", "is already taken")

// TestProblemOfAnyAggregate: an aggregate's error gets its kind's status and its own code, detail
// and fields, however deeply it is wrapped, with no case for it in problemOf.
func TestProblemOfAnyAggregate(t *testing.T) {
	p := problemOf(fmt.Errorf("create thing 7: %w", fmt.Errorf("insert: %w", errThingTaken)))
	want := NewProblem(http.StatusConflict, "THING_TAKEN", "another thing already has this name",
		FieldError{Field: "thingName", Message: "is already taken"})
	if !reflect.DeepEqual(p, want) {
		t.Errorf("problem = %+v, want %+v", p, want)
	}
	statuses := map[kernel.Kind]int{
		kernel.Invalid: 400, kernel.NotFound: 404, kernel.Conflict: 409, kernel.FailedPrecondition: 412,
		kernel.Forbidden: 403, kernel.Unavailable: 503,
	}
	for kind, status := range statuses {
		err := fmt.Errorf("wrapped: %w", kernel.NewError(kind, "THING_"+kind.String(), "thing says "+kind.String()))
		if p := problemOf(err); p.Status != status || p.Code != "THING_"+kind.String() || p.Detail != "thing says "+kind.String() {
			t.Errorf("%v: %d %s %q, want %d THING_%v", kind, p.Status, p.Code, p.Detail, status, kind)
		}
	}
}

// TestProblemOfKindless: an error without a kind, or of kind Internal, is a 500 that tells
// nothing of itself, not even its code.
func TestProblemOfKindless(t *testing.T) {
	for _, err := range []error{errors.New("boom"), kernel.NewError(kernel.Internal, "THING_BROKEN", "secret")} {
		if p := problemOf(err); p.Status != http.StatusInternalServerError || p.Code != CodeInternal || p.Detail == "secret" {
			t.Errorf("%v: %d %s %q, want 500 %s", err, p.Status, p.Code, p.Detail, CodeInternal)
		}
	}
}

// TestProblemOfValidation: a validation error of any aggregate is a 400 INVALID_BODY naming
// every field.
func TestProblemOfValidation(t *testing.T) {
	errInvalidThing := kernel.NewError(kernel.Invalid, "INVALID_BODY", "invalid thing")
	var v kernel.Validator
	v.Add("thingName", "is required")
	v.Add("size", "must be positive")
	p := problemOf(fmt.Errorf("create: %w", v.Err(errInvalidThing)))
	want := BadBody("invalid thing: thingName is required; size must be positive",
		FieldError{Field: "thingName", Message: "is required"}, FieldError{Field: "size", Message: "must be positive"})
	if !reflect.DeepEqual(p, want) {
		t.Errorf("problem = %+v, want %+v", p, want)
	}
}

// TestContractCodesAreTheDomains: the codes this package names for the contract are the ones the
// domain's and the application's sentinels carry, so a problem built from either says the same.
func TestContractCodesAreTheDomains(t *testing.T) {
	for code, err := range map[string]*kernel.Error{
		CodeHubNotFound: hub.ErrNotFound, CodeHubNameTaken: hub.ErrNameTaken, CodeHubDeleted: hub.ErrDeleted,
		CodeHubNotDeleted: hub.ErrNotDeleted, CodeVersionMismatch: hub.ErrVersionMismatch,
		CodeForbidden: access.ErrForbidden, CodeUnavailable: kernel.ErrUnavailable, CodeInvalidBody: hub.ErrInvalid,
	} {
		if err.Code() != code {
			t.Errorf("%v has code %s, want %s", err, err.Code(), code)
		}
	}
}
