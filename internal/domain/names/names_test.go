package names_test

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/hubd/hubd/internal/domain/names"
)

// TestKeyJoinsLookAlikes: each look-alike of issue 9 (and more of the same kinds) has the key of
// the plain name. With the old key, lower(name), each was a new name, except the plain case
// variants, which it joined too (checked here with strings.ToLower, which folds like it).
func TestKeyJoinsLookAlikes(t *testing.T) {
	cases := []struct{ name, plain, kind string }{
		{"서울특별시  센터", "서울특별시 센터", "two spaces"},
		{"서울특별시\u00a0센터", "서울특별시 센터", "no-break space"},
		{"서울특별시\u3000센터", "서울특별시 센터", "ideographic space"},
		{"서울특별시 \u2003\t센터", "서울특별시 센터", "a run of mixed white space"},
		{"  서울특별시 센터 ", "서울특별시 센터", "white space around"},
		{norm.NFD.String("서울특별시 센터"), "서울특별시 센터", "Hangul in NFD (conjoining jamo)"},
		{"ㅅㅓ울", "서울", "Hangul compatibility jamo, which NFKC composes"},
		{"Cafe\u0301", "Café", "Latin in NFD"},
		{"서울\u200b특별시 센터", "서울특별시 센터", "zero-width space"},
		{"서울\ufeff특별시 센터", "서울특별시 센터", "BOM inside"},
		{"\ufeff서울특별시 센터", "서울특별시 센터", "BOM in front"},
		{"서울\u200d특별시\u2060 센터", "서울특별시 센터", "zero-width joiner and word joiner"},
		{"서울\u00ad특별시 센터", "서울특별시 센터", "soft hyphen"},
		{"서울\ufe0f특별시 센터", "서울특별시 센터", "variation selector"},
		{"서울 \u200b 센터", "서울 센터", "spaces around a zero-width space are one run"},
		{"ＳＥＯＵＬ", "Seoul", "full-width letters"},
		{"ｿｳﾙ", "ソウル", "half-width katakana"},
		{"SEOUL", "seoul", "case"},
		{"STRASSE", "Straße", "full case folding"},
		{"ﬁeld", "FIELD", "ligature"},
		{"\u212a", "k", "case: Kelvin sign"},
		{"\u2460", "1", "circled digit"},
		{"\u13a0\u13a1", "\uab70\uab71", "case: Cherokee, upper and lower"},
		{"\u13f0", "\u13f8", "case: Cherokee YE"},
	}
	for _, c := range cases {
		if got, want := names.Key(c.name), names.Key(c.plain); got != want {
			t.Errorf("%s: Key(%+q) = %+q, Key(%+q) = %+q", c.kind, c.name, got, c.plain, want)
		}
		if oldJoined := strings.ToLower(c.name) == strings.ToLower(c.plain); oldJoined != strings.HasPrefix(c.kind, "case") { //nolint:staticcheck // the old key was ToLower, not EqualFold's case folding
			t.Errorf("%s: lower() joins %+q and %+q: %v", c.kind, c.name, c.plain, oldJoined)
		}
	}
}

// TestKeyKeepsDistinctNamesApart: what the key must not join.
func TestKeyKeepsDistinctNamesApart(t *testing.T) {
	for _, pair := range [][2]string{
		{"서울 센터", "서울센터"}, {"서울", "서울시"}, {"가", "각"}, {"Cafe", "Café"}, {"l", "1"},
		{"a-b", "ab"}, {"a b", "a  b c"}, {"ㅅ", "서"}, {"O", "0"},
	} {
		if names.Key(pair[0]) == names.Key(pair[1]) {
			t.Errorf("%q and %q share the key %q", pair[0], pair[1], names.Key(pair[0]))
		}
	}
}

func TestNormalizeStoresNFCWithCollapsedSpace(t *testing.T) {
	for in, want := range map[string]string{
		"서울특별시 센터":                     "서울특별시 센터",
		"서울특별시  센터":                    "서울특별시 센터",
		"  서울특별시\u3000\u3000센터\u00a0 ": "서울특별시 센터",
		"서울\u2009특별시\u202f센터":          "서울 특별시 센터",
		norm.NFD.String("서울특별시 센터"):    "서울특별시 센터",
		"Cafe\u0301": "Café",
		"ＳＥＯＵＬ":      "ＳＥＯＵＬ",      // compatibility forms are stored as typed
		"서울\u200b센터": "서울\u200b센터", // and so are zero-width characters
		" \u3000 ":   "",
		"":           "",
	} {
		got, err := names.Normalize(in)
		if err != nil || got != want {
			t.Errorf("Normalize(%+q) = %+q, %v; want %+q", in, got, err, want)
		}
		if again, _ := names.Normalize(got); again != got {
			t.Errorf("Normalize is not idempotent on %+q: %+q", got, again)
		}
	}
}

func TestNormalizeRefuses(t *testing.T) {
	cases := map[string]error{
		"a\xffb":                      names.ErrInvalidUTF8,
		"a\x00b":                      names.ErrControl,
		"a\tb":                        names.ErrControl,
		"a\nb":                        names.ErrControl,
		"a\u0085b":                    names.ErrControl,
		strings.Repeat("\ufdfa", 100): names.ErrKeyTooLong, // 100 characters, a 3,300-byte key
	}
	for _, r := range []rune{0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069} {
		cases["서울\u0020"+string(r)+"센터"] = names.ErrBidiControl
	}
	for in, want := range cases {
		if got, err := names.Normalize(in); !errors.Is(err, want) || got != "" {
			t.Errorf("Normalize(%+q) = %+q, %v; want %v", in, got, err, want)
		}
	}
	if _, err := names.Normalize(strings.Repeat("\ufdfa", 30)); err != nil {
		t.Errorf("a 990-byte key refused: %v", err)
	}
}

// TestKeyIsStableForEveryCodePoint: the key of a key is itself, and a stored name has its raw
// form's key, for each of the 1,112,064 code points alone, and between letters for those that
// the key changes or that combine with a neighbour.
func TestKeyIsStableForEveryCodePoint(t *testing.T) {
	t.Parallel()
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		forms := []string{string(r)}
		if names.Key(string(r)) != string(r) || unicode.In(r, unicode.M, unicode.Hangul) {
			forms = append(forms, "a"+string(r)+"가", "\u1100"+string(r)+"\u1161")
		}
		for _, s := range forms {
			k := names.Key(s)
			if names.Key(k) != k {
				t.Fatalf("U+%04X: Key(Key(%+q)) = %+q, Key = %+q", r, s, names.Key(k), k)
			}
			if n, err := names.Normalize(s); err == nil && names.Key(n) != k {
				t.Fatalf("U+%04X: the stored form %+q has key %+q, the raw form %+q", r, n, names.Key(n), k)
			}
		}
	}
}

// TestKeyJoinsEveryCaseVariant: every letter has the key of each of its case variants (the
// orbit of unicode.SimpleFold), in every script.
func TestKeyJoinsEveryCaseVariant(t *testing.T) {
	t.Parallel()
	for r := rune(0); r <= unicode.MaxRune; r++ {
		k := names.Key(string(r))
		for o := unicode.SimpleFold(r); o != r; o = unicode.SimpleFold(o) {
			if names.Key(string(o)) != k {
				t.Fatalf("U+%04X has key %+q, its case variant U+%04X %+q", r, k, o, names.Key(string(o)))
			}
		}
	}
}

// TestKeyPropertiesOnRandomNames: idempotence and the stored form's key on random mixtures of
// Hangul (composed and not), Latin with combining marks, spaces of every kind and ignorables.
func TestKeyPropertiesOnRandomNames(t *testing.T) {
	t.Parallel()
	parts := []string{"서", "울", "\u1109", "\u1165", "\u11af", "ㅅ", "ㅓ", "a", "A", "e", "\u0301", "\u0323", "ß", "ẞ",
		"Ｓ", " ", "  ", "\u00a0", "\u3000", "\u200b", "\ufeff", "\u00ad", "ﬁ", "\u212b", "Å", "\u13a0", "\uab70", "\ufdfa"}
	rng := rand.New(rand.NewPCG(9, 9))
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		s := b.String()
		k := names.Key(s)
		if names.Key(k) != k || !norm.NFC.IsNormalString(k) || strings.Contains(k, "  ") || strings.TrimSpace(k) != k {
			t.Fatalf("Key(%+q) = %+q: not a fixed point, not NFC, or not collapsed", s, k)
		}
		n, err := names.Normalize(s)
		if err != nil {
			t.Fatalf("Normalize(%+q): %v", s, err)
		}
		if names.Key(n) != k || !norm.NFC.IsNormalString(n) || strings.Contains(n, "  ") {
			t.Fatalf("Normalize(%+q) = %+q with key %+q, want key %+q", s, n, names.Key(n), k)
		}
	}
}

func TestFragmentKeepsItsEdgeSpace(t *testing.T) {
	for in, want := range map[string]string{"서울 ": "서울 ", " 센터": " 센터", "서울\u3000\u3000": "서울 ", "ＳＥ": "se", "\u200b": ""} {
		if got := names.Fragment(in); got != want {
			t.Errorf("Fragment(%+q) = %+q, want %+q", in, got, want)
		}
	}
	name := names.Key("서울특별시 센터")
	for _, prefix := range []string{"서울특별시 ", norm.NFD.String("서울특"), "서울특별시\u3000", "서울\u200b특"} {
		if !strings.HasPrefix(name, names.Fragment(prefix)) {
			t.Errorf("prefix %+q (fragment %+q) does not start %+q", prefix, names.Fragment(prefix), name)
		}
	}
}

func BenchmarkKey(b *testing.B) {
	for _, name := range []string{"Seoul Central Hub 000123", "서울특별시 센터 000123", "ＳＥＯＵＬ  특별시\u200b 센터"} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				names.Key(name)
			}
		})
	}
}
