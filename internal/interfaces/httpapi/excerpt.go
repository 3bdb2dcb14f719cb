package httpapi

import (
	"strings"
	"unicode/utf8"
)

// maxExcerptRunes is how much of the client's input a problem quotes: enough to recognise a
// field or parameter name, never enough to let a client inflate the answer (or what is stored of
// it) with its own bytes.
const maxExcerptRunes = 48

// excerpt is the one way a problem quotes client input: at most maxExcerptRunes runes of valid
// UTF-8, ending in "…" when it was cut.
func excerpt(s string) string {
	if len(s) <= maxExcerptRunes && utf8.ValidString(s) {
		return s
	}
	n := 0
	for i := range s {
		if n == maxExcerptRunes {
			return strings.ToValidUTF8(s[:i], "\uFFFD") + "…"
		}
		n++
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// lookAlike is a hint for an unknown name that differs from a known one only in case, the
// commonest typo of JSON keys and query parameters: "; did you mean hubName?".
func lookAlike(name string, known []string) string {
	for _, k := range known {
		if strings.EqualFold(name, k) {
			return "; did you mean " + k + "?"
		}
	}
	return ""
}
