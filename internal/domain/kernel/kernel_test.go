package kernel_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/hubd/hubd/internal/domain/kernel"
)

var (
	errThingNotFound = kernel.NewError(kernel.NotFound, "THING_NOT_FOUND", "thing not found").WithDetail("no such thing")
	errThingTaken    = kernel.NewError(kernel.Conflict, "THING_TAKEN", "thing name taken").WithField("thingName", "is already taken")
	errInvalidThing  = kernel.NewError(kernel.Invalid, "INVALID_BODY", "invalid thing")
)

// thingStaleError is a richer error of an aggregate: it unwraps to its sentinel, and so has the
// sentinel's kind and code.
type thingStaleError struct{ current int64 }

func (e *thingStaleError) Error() string { return fmt.Sprintf("thing is at version %d", e.current) }
func (e *thingStaleError) Unwrap() error { return errStale }

var errStale = kernel.NewError(kernel.FailedPrecondition, "THING_STALE", "thing version mismatch")

// TestKindAndCodeThroughWrapping: the kind and code of a sentinel survive %w, errors.Join and an
// aggregate's own error type; an error without one is Internal with no code.
func TestKindAndCodeThroughWrapping(t *testing.T) {
	cases := []struct {
		err  error
		kind kernel.Kind
		code string
	}{
		{errThingNotFound, kernel.NotFound, "THING_NOT_FOUND"},
		{fmt.Errorf("get thing 7: %w", errThingNotFound), kernel.NotFound, "THING_NOT_FOUND"},
		{fmt.Errorf("a: %w", fmt.Errorf("b: %w", errThingTaken)), kernel.Conflict, "THING_TAKEN"},
		{errors.Join(errors.New("log only"), errThingTaken), kernel.Conflict, "THING_TAKEN"},
		{fmt.Errorf("update: %w", &thingStaleError{current: 3}), kernel.FailedPrecondition, "THING_STALE"},
		{fmt.Errorf("%w: %w", kernel.ErrUnavailable, errors.New("dial tcp: refused")), kernel.Unavailable, "SERVICE_UNAVAILABLE"},
		{errors.New("boom"), kernel.Internal, ""},
		{nil, kernel.Internal, ""},
	}
	for _, c := range cases {
		if got := kernel.KindOf(c.err); got != c.kind {
			t.Errorf("KindOf(%v) = %v, want %v", c.err, got, c.kind)
		}
		if got := kernel.CodeOf(c.err); got != c.code {
			t.Errorf("CodeOf(%v) = %q, want %q", c.err, got, c.code)
		}
	}
	if !errors.Is(fmt.Errorf("x: %w", &thingStaleError{}), errStale) || errors.Is(errThingTaken, errThingNotFound) {
		t.Error("errors.Is matches the wrong sentinels")
	}
}

// TestErrorDetailAndFields: the detail defaults to the message; WithDetail and WithField make a
// new sentinel and leave the one they copy alone.
func TestErrorDetailAndFields(t *testing.T) {
	base := kernel.NewError(kernel.Conflict, "THING_TAKEN", "thing name taken")
	derived := base.WithDetail("another thing has this name").WithField("thingName", "is already taken")
	if base.Detail() != "thing name taken" || base.Fields() != nil {
		t.Errorf("base changed: %q %v", base.Detail(), base.Fields())
	}
	if derived.Error() != "thing name taken" || derived.Detail() != "another thing has this name" ||
		derived.Kind() != kernel.Conflict || derived.Code() != "THING_TAKEN" {
		t.Errorf("derived = %q %q %v %q", derived.Error(), derived.Detail(), derived.Kind(), derived.Code())
	}
	if want := []kernel.FieldError{{Field: "thingName", Message: "is already taken"}}; !reflect.DeepEqual(derived.Fields(), want) {
		t.Errorf("fields = %v, want %v", derived.Fields(), want)
	}
	if errors.Is(derived, base) {
		t.Error("a derived sentinel matches the one it was copied from")
	}
	// Two fields added to one base must not share a backing array (three fields leave spare
	// capacity behind them).
	three := derived.WithField("c", "z").WithField("d", "w")
	a, b := three.WithField("a", "x"), three.WithField("b", "y")
	if a.Fields()[3].Field != "a" || b.Fields()[3].Field != "b" {
		t.Errorf("fields share storage: %v %v", a.Fields(), b.Fields())
	}
}

// TestValidator: no field error is no error; field errors make one *ValidationError of the
// aggregate's sentinel, kind Invalid, naming every field.
func TestValidator(t *testing.T) {
	var v kernel.Validator
	if err := v.Err(errInvalidThing); err != nil || v.Len() != 0 {
		t.Fatalf("empty validator: %v, %d", err, v.Len())
	}
	v.Add("thingName", "is required")
	v.Add("size", "must be positive")
	err := fmt.Errorf("create thing: %w", v.Err(errInvalidThing))
	var ve *kernel.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, errInvalidThing) || kernel.KindOf(err) != kernel.Invalid || kernel.CodeOf(err) != "INVALID_BODY" {
		t.Fatalf("%v: not a validation error of errInvalidThing", err)
	}
	if want := "invalid thing: thingName is required; size must be positive"; ve.Error() != want {
		t.Errorf("Error() = %q, want %q", ve.Error(), want)
	}
	if len(ve.Fields) != 2 || v.Len() != 2 {
		t.Errorf("fields = %v", ve.Fields)
	}
	bare := &kernel.ValidationError{Fields: []kernel.FieldError{{Field: "x", Message: "is bad"}}}
	if bare.Error() != "invalid: x is bad" || bare.Unwrap() != nil || kernel.KindOf(bare) != kernel.Invalid {
		t.Errorf("validation error without a sentinel: %q %v", bare.Error(), bare.Unwrap())
	}
}

// TestKindString names every kind, and says so for one out of range.
func TestKindString(t *testing.T) {
	want := map[kernel.Kind]string{kernel.Internal: "Internal", kernel.Invalid: "Invalid", kernel.NotFound: "NotFound",
		kernel.Conflict: "Conflict", kernel.FailedPrecondition: "FailedPrecondition", kernel.Forbidden: "Forbidden",
		kernel.Unavailable: "Unavailable", kernel.Kind(42): "Kind(42)"}
	for k, s := range want {
		if k.String() != s {
			t.Errorf("%d.String() = %q, want %q", k, k.String(), s)
		}
	}
}
