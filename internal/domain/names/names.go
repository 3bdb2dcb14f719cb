// Package names holds the rules every user-chosen name in hubd follows (a hub's hubName, a
// company's companyName): how a name is stored, and the key that decides when two names are the
// same. One definition, so uniqueness, prefix search, substring search and the name sort of every
// aggregate agree with each other and with the database column that stores the key.
//
// A name is stored in Unicode NFC with white space trimmed and inner runs of white space
// collapsed to one space (Normalize). Its key (Key) also folds case and compatibility forms and
// ignores default-ignorable code points: it is Unicode's NFKC_Casefold mapping (UAX #44,
// DerivedNormalizationProps.txt; the "identifier caseless match" of the standard, §3.13) with
// white space collapsed and trimmed. So "서울특별시  센터" and "서울특별시 센터", a name and its
// NFD form, "ＳＥＯＵＬ" and "Seoul", "Straße" and "STRASSE", and a name with a zero-width space
// or a BOM inside and the name without it, all have one key.
package names

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Version names the key's definition. Stored keys computed under another Version may differ and
// are rewritten (the database adapter's re-key step compares it with the one it recorded). It
// changes with the Unicode version of the normalization and case tables, and with any change to
// this package's rules.
const Version = "nfkc_cf+ws/1 unicode " + norm.Version + " cases " + cases.UnicodeVersion

// MaxKeyBytes bounds a key in bytes. Compatibility forms can expand a lot (U+FDFA, one
// character, is 18 letters once spelled out), and a B-tree index entry must fit in about 2.7 kB;
// a name whose key is longer is refused. No real name comes near: 100 Hangul syllables are a
// 300-byte key.
const MaxKeyBytes = 1024

// The reasons Normalize refuses a name. Their texts read as field messages ("hubName must ...").
var (
	// ErrInvalidUTF8: bytes that are not UTF-8, which no name can be stored or compared as.
	ErrInvalidUTF8 = errors.New("must be valid UTF-8")
	// ErrControl: a C0 or C1 control character, tab and line breaks included. PostgreSQL cannot
	// store NUL, and no name needs a tab or a newline: they are paste accidents, not spacing.
	ErrControl = errors.New("must not contain control characters")
	// ErrBidiControl: a Bidi_Control character (U+061C, U+200E, U+200F, U+202A to U+202E,
	// U+2066 to U+2069), which can make a name display in another order than it is stored.
	ErrBidiControl = errors.New("must not contain bidirectional control characters (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069)")
	// ErrKeyTooLong: the name's key is longer than MaxKeyBytes.
	ErrKeyTooLong = errors.New("is too long once its compatibility characters are spelled out")
)

// Normalize returns a name as it is stored: NFC, without leading or trailing white space, every
// inner run of white space (Unicode's White_Space: the space, NO-BREAK SPACE, IDEOGRAPHIC SPACE,
// the spaces U+2000 to U+200A, ...) one U+0020 SPACE. It refuses invalid UTF-8, control
// characters, bidi controls and names whose key is too long, with one of the errors above. The
// empty string, or only white space, normalizes to "" without an error: whether a name is
// required, and how long it may be, is the caller's rule.
//
// Default-ignorable characters other than the bidi controls (zero-width space, joiners, BOM,
// variation selectors) are kept: a zero-width joiner is part of how some scripts and emoji are
// written. The key ignores them.
func Normalize(s string) (string, error) {
	switch {
	case !utf8.ValidString(s):
		return "", ErrInvalidUTF8
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "", ErrControl
	case strings.IndexFunc(s, isBidiControl) >= 0:
		return "", ErrBidiControl
	}
	n := strings.Trim(collapseSpace(norm.NFC.String(s)), " ")
	if len(Key(n)) > MaxKeyBytes {
		return "", ErrKeyTooLong
	}
	return n, nil
}

// Key is the comparison key of a name: two names are the same name when their keys are equal,
// and names sort by their keys' bytes. It is defined for any string, normalized or not (names
// stored under older rules have keys too), and Key(Key(s)) == Key(s).
func Key(s string) string { return strings.Trim(Fragment(s), " ") }

// Fragment is the key of a piece of a name, for prefix and substring search: Key without the
// trimming, so a search for "서울 " (with its space) still asks for a word that ends there. A
// name has a prefix p when its key starts with Fragment(p), and contains q when its key
// contains Fragment(q).
func Fragment(s string) string {
	if isASCII(s) { // most names, and no ASCII character is ignorable or has another NFKC form
		return collapseSpace(strings.ToLower(s))
	}
	// NFKC_Casefold: NFKC, full case folding and removal of default-ignorables, repeated until
	// the string no longer changes (the standard's own construction; two rounds at most in
	// practice, none for a name that is already its own key).
	s = dropIgnorable(s)
	for range 4 {
		if isFolded(s) {
			break
		}
		t := dropIgnorable(norm.NFKC.String(foldCase(norm.NFKC.String(s))))
		if t == s {
			break
		}
		s = t
	}
	return collapseSpace(s)
}

// isFolded reports, without allocating a new string, that s (already without ignorables) is
// NFKC and unchanged by case folding, so a round of Fragment would return it as it is.
func isFolded(s string) bool {
	if !norm.NFKC.IsNormalString(s) {
		return false
	}
	n, err := cases.Fold().Span([]byte(s), true)
	return err == nil && n == len(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldCase is Unicode full case folding (CaseFolding.txt, status C and F). x/text's Fold maps
// Cherokee letters to their other case rather than to the folded one (uppercase, unlike every
// other script): lowercase to uppercase, but also uppercase to lowercase, so folding is not even
// idempotent there. Mapping the lowercase Cherokee letters it leaves back to uppercase gives
// CaseFolding.txt's result.
func foldCase(s string) string {
	s = cases.Fold().String(s)
	if !strings.ContainsFunc(s, isCherokeeLower) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isCherokeeLower(r) {
			return unicode.ToUpper(r)
		}
		return r
	}, s)
}

// isCherokeeLower: the Cherokee small letters U+AB70 to U+ABBF and U+13F8 to U+13FD.
func isCherokeeLower(r rune) bool {
	return (r >= 0xab70 && r <= 0xabbf) || (r >= 0x13f8 && r <= 0x13fd)
}

// collapseSpace replaces every run of white space with one U+0020 SPACE.
func collapseSpace(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r != ' ' && isSpace(r) }) && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func dropIgnorable(s string) string {
	if !strings.ContainsFunc(s, isIgnorable) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isIgnorable(r) {
			return -1
		}
		return r
	}, s)
}

func isSpace(r rune) bool       { return unicode.Is(whiteSpace, r) }
func isBidiControl(r rune) bool { return unicode.Is(bidiControls, r) }
func isIgnorable(r rune) bool   { return unicode.Is(defaultIgnorable, r) }
