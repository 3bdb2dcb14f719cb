// Package patch holds what the JSON Merge Patch (RFC 7396) commands of every aggregate share:
// the three states of a nullable member (Optional) and the merge of a postal address (Address).
package patch

import "github.com/hubd/hubd/internal/domain/input"

// Optional is a JSON Merge Patch member: absent (Set false), null (Set, zero Value) or a value.
type Optional[T any] struct {
	Set   bool
	Value T
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
		set(&a.ZipCode, p.ZipCode)
		set(&a.Address1, p.Address1)
		set(&a.Address2, p.Address2)
	}
	return a
}

func set(dst *string, v *string) {
	if v != nil {
		*dst = *v
	}
}
