// Package patch holds what the JSON Merge Patch (RFC 7396) commands of every aggregate share:
// the three states of a nullable member (Optional), the merge of one member (Set) and of a
// postal address (Address).
package patch

import "github.com/hubd/hubd/internal/domain/input"

// Optional is a JSON Merge Patch member: absent (Set false), null (Set, zero Value) or a value.
type Optional[T any] struct {
	Set   bool
	Value T
}

// Apply merges the member into *dst: a value or null when set, nothing when absent.
func (o Optional[T]) Apply(dst *T) {
	if o.Set {
		*dst = o.Value
	}
}

// Address merges into an address member by member; nil members stay as they are.
type Address struct {
	ZipCode  *string
	Address1 *string
	Address2 *string
}

// ApplyTo is a with the patch merged in; a nil patch leaves it as it is.
func (p *Address) ApplyTo(a input.Address) input.Address {
	if p != nil {
		Set(&a.ZipCode, p.ZipCode)
		Set(&a.Address1, p.Address1)
		Set(&a.Address2, p.Address2)
	}
	return a
}

// Set merges one member: *dst becomes *v unless v is nil (absent: as it is).
func Set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}
