package httpapi

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hubd/hubd/internal/interfaces/httpapi/httpapitest"
)

// loneSurrogate is the offset checkStrictJSON names for a lone surrogate in body, or -1.
func loneSurrogate(t *testing.T, body string) int {
	t.Helper()
	err := checkStrictJSON([]byte(body), nil)
	if err == nil {
		return -1
	}
	var off int
	if _, scanErr := fmt.Sscanf(err.(*Problem).Detail, "the body holds a lone UTF-16 surrogate escape at byte %d", &off); scanErr != nil {
		t.Fatalf("%s: %v", body, err)
	}
	return off
}

// TestLoneSurrogate: the scanner finds exactly the escapes encoding/json would turn into U+FFFD,
// and tells an escape from an escaped backslash.
func TestLoneSurrogate(t *testing.T) {
	cases := map[string]int{
		`"plain"`:                   -1,
		`"\ud83d\ude00"`:            -1,
		`"\uD83D\uDE00"`:            -1,
		`"\\ud800"`:                 -1,
		`"\\\ud83d\ude00"`:          -1,
		`"\u0041\n\t\"\/"`:          -1,
		`{"\ud83d\ude00":"\u00e9"}`: -1,
		`["\ud83d\ude00", 1, {"a":[true,null,-1.5e3]}]`: -1,
		`"\ud800"`:               1,
		`"\udc00"`:               1,
		`"\ud800\u0041"`:         1,
		`"\ud800\ud800"`:         1,
		`"\ud800\n"`:             1,
		`"ab\ude00\ud83d"`:       3,
		`"x\\\ud800"`:            4,
		`"\ud83d"`:               1,
		`{"k\udfff":1}`:          3,
		`[1, {"a": ["\udbff"]}]`: 12,
		`"\ud83d\ude00\udc00"`:   13,
		`"\ud800" trailing`:      -1, // not JSON: the decoder refuses it
	}
	for in, want := range cases {
		if got := loneSurrogate(t, in); got != want {
			t.Errorf("lone surrogate in %s at %d, want %d", in, got, want)
		}
		// Cross-check against encoding/json.
		var v any
		if err := json.Unmarshal([]byte(in), &v); err == nil && want == -1 && strings.ContainsRune(fmt.Sprint(v), utf8.RuneError) {
			t.Errorf("%s decodes with U+FFFD but was not found", in)
		}
	}
}

// TestExcerpt: cut at maxExcerptRunes runes, marked, always valid UTF-8.
func TestExcerpt(t *testing.T) {
	long := strings.Repeat("가", 1000)
	if got := excerpt(long); utf8.RuneCountInString(got) != maxExcerptRunes+1 || !strings.HasSuffix(got, "…") {
		t.Errorf("excerpt of 1000 runes: %q", got)
	}
	if got := excerpt("hubname"); got != "hubname" {
		t.Errorf("a short name is cut: %q", got)
	}
	exact := strings.Repeat("a", maxExcerptRunes)
	if got := excerpt(exact); got != exact {
		t.Errorf("a name of exactly the limit is cut: %q", got)
	}
	if got := excerpt("a\xffb"); !utf8.ValidString(got) {
		t.Errorf("invalid UTF-8 passes through: %q", got)
	}
}

// TestShapeOf: the allowed names come from the json tags; an embedded struct with a json name is
// a member like any other, and a type with its own UnmarshalJSON takes any key.
func TestShapeOf(t *testing.T) {
	type inner struct {
		A string `json:"a"`
	}
	type outer struct {
		Inner  inner `json:"inner"`
		B      int   `json:"b,omitempty"`
		C      int
		Hidden int `json:"-"`
		d      int
	}
	_ = outer{}.d
	s := shapeOf(reflect.TypeFor[*outer]())
	for _, k := range []string{"inner", "b", "C"} {
		if _, _, ok := s.member([]byte(`"`+k+`"`), false); !ok {
			t.Errorf("%s is not allowed", k)
		}
	}
	for _, k := range []string{"a", "Inner", "B", "c", "Hidden", "d"} {
		if _, _, ok := s.member([]byte(`"`+k+`"`), false); ok {
			t.Errorf("%s is allowed", k)
		}
	}
	if s := shapeOf(reflect.TypeFor[selfDecoding]()); s != nil {
		t.Errorf("a type with its own UnmarshalJSON has a shape: %+v", s)
	}
}

// TestShapeOf_EmbeddedStructPanics: a struct embedded without a json name, whose fields
// encoding/json would promote by its own precedence rules (here the shallower b hides the
// embedded one, and the two a's at one depth hide each other, so encoding/json takes neither),
// is refused with a panic naming the type when its shape is built, instead of being checked by
// another rule. Before, the fields of every embedded struct were added, the last one winning.
func TestShapeOf_EmbeddedStructPanics(t *testing.T) {
	type one struct {
		A int `json:"a"`
		B int `json:"b"`
	}
	type two struct {
		A int `json:"a"`
	}
	type embeds struct {
		one
		*two
		B string `json:"b"`
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[embeds](), reflect.TypeFor[struct{ *two }]()} {
		func() {
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, "embeds struct") || !strings.Contains(msg, "two") && !strings.Contains(msg, "one") {
					t.Errorf("%v: recovered %q, want a panic naming the embedded struct", typ, msg)
				}
			}()
			shapeOf(typ)
		}()
	}
}

func BenchmarkDecodeStrict_LongArray(b *testing.B) {
	body := []byte(`{"hubName":[` + strings.Repeat("1,", 500000) + `1]}`)
	for b.Loop() {
		var in struct {
			HubName *string `json:"hubName"`
		}
		if err := DecodeStrict(body, &in); err == nil {
			b.Fatal("accepted")
		}
	}
}

// FuzzStrictJSON checks the strict pass against encoding/json on any input: it never panics, it
// names a lone surrogate exactly when encoding/json would decode one to U+FFFD (for bodies that
// spell no U+FFFD themselves), and what it accepts has no repeated key at any depth. Each
// aggregate's package fuzzes its request bodies on top (hubapi's FuzzHubBodies).
func FuzzStrictJSON(f *testing.F) {
	for _, s := range httpapitest.StrictSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		err := checkStrictJSON([]byte(body), nil)
		if !utf8.ValidString(body) {
			return // readJSONBody refuses it before
		}
		if !json.Valid([]byte(body)) {
			if err != nil {
				t.Errorf("%q: invalid JSON is the decoder's to refuse, got %v", body, err)
			}
			return
		}
		var v any
		dec := json.NewDecoder(strings.NewReader(body))
		dec.UseNumber() // a number too large for a float64 is valid JSON all the same
		if uerr := dec.Decode(&v); uerr != nil {
			t.Fatalf("%q: valid but %v", body, uerr)
		}
		lone := strings.Contains(fmt.Sprint(v), "\uFFFD") && !strings.Contains(body, "\uFFFD") && !strings.Contains(strings.ToLower(body), `\ufffd`)
		isSurrogate := err != nil && strings.Contains(err.Error(), "surrogate")
		if lone != isSurrogate && (err == nil || isSurrogate) {
			t.Errorf("%q: U+FFFD after decoding %v, refused as a surrogate %v (%v)", body, lone, isSurrogate, err)
		}
		if err == nil && repeatsKey(body) {
			t.Errorf("%q: a repeated key accepted", body)
		}
	})
}

// repeatsKey is an independent check for a key given twice in one object, with json.Decoder.
func repeatsKey(body string) bool {
	dec := json.NewDecoder(strings.NewReader(body))
	var walk func() bool
	walk = func() bool {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				k, _ := dec.Token()
				if seen[k.(string)] || walk() {
					return true
				}
				seen[k.(string)] = true
			}
			_, _ = dec.Token()
		case json.Delim('['):
			for dec.More() {
				if walk() {
					return true
				}
			}
			_, _ = dec.Token()
		}
		return false
	}
	return walk()
}

// selfDecoding has its own UnmarshalJSON, so the strict pass leaves its keys to it.
type selfDecoding struct{}

func (*selfDecoding) UnmarshalJSON([]byte) error { return nil }
