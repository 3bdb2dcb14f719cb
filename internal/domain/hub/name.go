package hub

import (
	"strconv"
	"unicode/utf8"

	"github.com/hubd/hubd/internal/domain/names"
)

// checkName applies the shared name rules (package names) to a hub's name and returns it as it
// is stored: NFC, white space trimmed and collapsed. The length limit counts the characters
// (runes) of that stored form, so the NFD spelling of a 100-syllable Hangul name, 200 or more
// conjoining jamo, is as acceptable as the composed one. A name of nothing but default-ignorable
// characters (zero-width space, BOM, Hangul fillers) is as missing as an empty one: it shows
// nothing, and its key would be the empty string, one "name" every such hub would share.
func checkName(v *validator, field, s string) string {
	n, err := names.Normalize(s)
	switch {
	case err != nil:
		v.add(field, err.Error())
		return s
	case n == "":
		v.add(field, "is required")
	case names.Key(n) == "":
		v.add(field, "is required (it holds only invisible characters)")
	case utf8.RuneCountInString(n) > MaxNameLength:
		v.add(field, "must be at most "+strconv.Itoa(MaxNameLength)+" characters")
	}
	return n
}
