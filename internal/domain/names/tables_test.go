package names

import (
	"testing"
	"unicode"
)

// TestTablesMatchTheStandardLibrary checks the hand-written tables against Go's own tables of
// the same Unicode properties, code point by code point. Default_Ignorable_Code_Point is not in
// Go's unicode package; it is derived here as DerivedCoreProperties.txt derives it:
// Other_Default_Ignorable_Code_Point + Cf + Variation_Selector - White_Space - U+FFF9..U+FFFB -
// U+13430..U+13440 - Prepended_Concatenation_Mark. When Go moves to a Unicode version that
// changes any of them, this fails: update the tables and Version together.
func TestTablesMatchTheStandardLibrary(t *testing.T) {
	derivedIgnorable := func(r rune) bool {
		in := unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || unicode.Is(unicode.Cf, r) ||
			unicode.Is(unicode.Variation_Selector, r)
		out := unicode.Is(unicode.White_Space, r) || (r >= 0xfff9 && r <= 0xfffb) ||
			(r >= 0x13430 && r <= 0x13440) || unicode.Is(unicode.Prepended_Concatenation_Mark, r)
		return in && !out
	}
	counts := map[string]int{}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		for _, c := range []struct {
			name      string
			ours, std bool
		}{
			{"White_Space", isSpace(r), unicode.Is(unicode.White_Space, r)},
			{"Bidi_Control", isBidiControl(r), unicode.Is(unicode.Bidi_Control, r)},
			{"Default_Ignorable_Code_Point", isIgnorable(r), derivedIgnorable(r)},
		} {
			if c.ours != c.std {
				t.Errorf("U+%04X: %s is %v here, %v in Go's Unicode %s tables", r, c.name, c.ours, c.std, unicode.Version)
			}
			if c.ours {
				counts[c.name]++
			}
		}
	}
	// The totals PropList.txt and DerivedCoreProperties.txt 15.0.0 give.
	for name, want := range map[string]int{"White_Space": 25, "Bidi_Control": 12, "Default_Ignorable_Code_Point": 4174} {
		if counts[name] != want {
			t.Errorf("%s has %d code points, Unicode 15.0.0 has %d", name, counts[name], want)
		}
	}
	for _, r := range []rune{0x200b, 0xfeff, 0x2060, 0x00ad, 0x3164, 0xffa0, 0x115f, 0xfe0f, 0xe0001} {
		if !isIgnorable(r) {
			t.Errorf("U+%04X is default-ignorable", r)
		}
	}
	for _, r := range []rune{0x00a0, 0x3000, 0x2009, 0x202f} {
		if !isSpace(r) || isIgnorable(r) {
			t.Errorf("U+%04X is white space, not ignorable", r)
		}
	}
}
