// Package input holds the input rules that several aggregates share, so that a hub's, a
// company's and a search's fields are checked by one definition: the length and characters of
// a free text (Text), a user-chosen name under the rules of package names (Name), a prefix
// searched by a name's key (Fragment), and a postal address (Address).
//
// Every check adds its findings to a kernel.Validator under the field name the caller gives, so
// one answer names every field to fix; the caller turns them into its aggregate's
// *kernel.ValidationError. The package imports no aggregate; a test in internal/ keeps it so.
package input

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/names"
)

// Limits of the contract, in characters (runes), not bytes: Korean names are three bytes a letter.
const (
	MaxNameLength     = 100
	MaxAddress1Length = 200
	MaxAddress2Length = 200
	MaxZipCodeLength  = 10
)

// Address is a postal address, a hub's or a company's. Address1 is required; the others may be
// empty.
type Address struct {
	ZipCode  string
	Address1 string
	Address2 string
}

// CheckAddress adds the field errors of a, under prefix + ".zipCode" and so on (prefix is the
// property that holds the address, such as "address").
func CheckAddress(v *kernel.Validator, prefix string, a Address) {
	Text(v, prefix+".address1", a.Address1, 1, MaxAddress1Length)
	Text(v, prefix+".address2", a.Address2, 0, MaxAddress2Length)
	Text(v, prefix+".zipCode", a.ZipCode, 0, MaxZipCodeLength)
}

// Text adds the field error of s when it is not valid UTF-8, is required (minLen > 0) and blank,
// holds a control character, or is longer than maxLen characters; at most one error per field.
func Text(v *kernel.Validator, field, s string, minLen, maxLen int) {
	if !utf8.ValidString(s) {
		v.Add(field, "must be valid UTF-8")
		return
	}
	switch {
	case minLen > 0 && strings.TrimSpace(s) == "":
		v.Add(field, "is required")
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		// PostgreSQL cannot store NUL, and no name or address needs a tab or a newline.
		v.Add(field, "must not contain control characters")
	case utf8.RuneCountInString(s) > maxLen:
		v.Add(field, "must be at most "+strconv.Itoa(maxLen)+" characters")
	}
}

// Name applies the shared name rules (package names) to a required name and returns it as it is
// stored: NFC, white space trimmed and collapsed. The length limit counts the characters (runes)
// of that stored form, so the NFD spelling of a 100-syllable Hangul name, 200 or more conjoining
// jamo, is as acceptable as the composed one. A name of nothing but default-ignorable characters
// (zero-width space, BOM, Hangul fillers) is as missing as an empty one: it shows nothing, and
// its key would be the empty string, one "name" every such record would share. On a refusal the
// input is returned as it was.
func Name(v *kernel.Validator, field, s string) string {
	n, err := names.Normalize(s)
	switch {
	case err != nil:
		v.Add(field, err.Error())
		return s
	case n == "":
		v.Add(field, "is required")
	case names.Key(n) == "":
		v.Add(field, "is required (it holds only invisible characters)")
	case utf8.RuneCountInString(n) > MaxNameLength:
		v.Add(field, "must be at most "+strconv.Itoa(MaxNameLength)+" characters")
	}
	return n
}

// Fragment refuses a search fragment of a name (a prefix or a substring) that no name could
// match for reasons of encoding: not valid UTF-8, control characters, longer than any name; and
// one of nothing but default-ignorable characters, whose names.Fragment is empty. That last one
// would match every name, so a search that looks filtered would quietly return everything. The
// empty string is no filter and passes.
func Fragment(v *kernel.Validator, field, s string) {
	if s == "" {
		return
	}
	n := v.Len()
	if Text(v, field, s, 0, MaxNameLength); v.Len() == n && names.Fragment(s) == "" {
		v.Add(field, "must contain a visible character, not only zero-width or other ignorable ones")
	}
}

// HasPrefix reports whether name has the prefix under the name rules: its key starts with the
// prefix's fragment (names.Fragment), ignoring case, compatibility forms and ignorable
// characters; %, _ and \ are literal. The empty prefix matches every name. It is the plain-Go
// definition the adapters' LIKE on the stored key is compared with.
func HasPrefix(name, prefix string) bool {
	return prefix == "" || strings.HasPrefix(names.Key(name), names.Fragment(prefix))
}
