package httpapi

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/uuid"
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

// TestParseSearch_MeWithoutSubject: hubManagerId=me needs a caller; without one (no sub, which
// authentication should never let through) it is a 400, not a search for the nil UUID.
func TestParseSearch_MeWithoutSubject(t *testing.T) {
	_, err := parseSearch("hubManagerId=me", uuid.Nil)
	if p, ok := err.(*Problem); !ok || p.Code != CodeInvalidParameter || p.Errors[0].Field != paramManagerID {
		t.Errorf("me without a subject: %v", err)
	}
	self := uuid.New()
	sp, err := parseSearch("hubManagerId=me", self)
	if err != nil || sp.cond.ManagerID == nil || *sp.cond.ManagerID != self {
		t.Errorf("me: %+v, %v", sp.cond, err)
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
	if s := shapeOf(reflect.TypeFor[addressInput]()); s != nil {
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
	// Every request type builds (their nested types build when a body reaches them).
	for _, typ := range []reflect.Type{reflect.TypeFor[hubInput](), reflect.TypeFor[hubPatchInput](),
		reflect.TypeFor[addressPatchInput](), reflect.TypeFor[locationInput]()} {
		shapeOf(typ)
	}
}

func BenchmarkDecodeStrict(b *testing.B) {
	body := []byte(`{"hubName":"서울특별시 센터","hubManagerId":"0f5e0000-0000-4000-8000-0000000000aa","address":{"zipCode":"04524","address1":"서울특별시 중구 세종대로 110","address2":""},"location":{"latitude":37.5663,"longitude":126.9779}}`)
	for b.Loop() {
		var in hubInput
		if err := decodeStrict(body, &in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeStrict_LongArray(b *testing.B) {
	body := []byte(`{"hubName":[` + strings.Repeat("1,", 500000) + `1]}`)
	for b.Loop() {
		var in hubInput
		if err := decodeStrict(body, &in); err == nil {
			b.Fatal("accepted")
		}
	}
}

// FuzzStrictJSON checks the strict pass against encoding/json on any input: it never panics, it
// names a lone surrogate exactly when encoding/json would decode one to U+FFFD (for bodies that
// spell no U+FFFD themselves), and what it accepts has no repeated key at any depth. It also
// decodes the input as the real request bodies (hubInput for POST and PUT, the merge patch for
// PATCH), whose oracle is: accepted means every key is exactly a field's name at its path and no
// object repeats a key.
func FuzzStrictJSON(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1,"a":2}`, `{"a":{"b":[{"c":1,"c":2}]}}`, `"\ud800"`, `"\\ud800"`, `"\ud83d\ude00"`,
		`["\udc00"]`, `{"\u0061":1,"a":2}`, `[1,"x",true,null,{"k":-0.5e3}]`, `{"a" : [ 1 , 2 ] , "b" : { } }`, `"\ud800\u`, `{"a":`,
		`{"hubName":"a","address":{"address1":"b"},"location":{"latitude":1,"longitude":2}}`, `{"hubname":"a"}`,
		`{"HUBNAME":"a","ADDRESS":{"ADDRESS1":"b"}}`, `{"hubName":"a","hubName":"b"}`, `{"address":{"address1":"x","address1":"y"}}`,
		`{"location":{"latitude":1,"longitude":2,"latitude":3}}`, `{"address":null,"location":null}`, `{"hubManagerId":null}`,
		`{"\u0068ubName":"a","address":{"address\u0031":"b"}}`, `{"address":{"address1":"b","Address2":"c"}}`} {
		f.Add(s)
	}
	requests := map[string]func([]byte) error{
		"POST/PUT body": func(b []byte) error { var in hubInput; return decodeStrict(b, &in) },
		"PATCH body":    func(b []byte) error { _, err := decodePatch(b); return err },
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
		for name, decode := range requests {
			if err := decode([]byte(body)); err == nil {
				if bad := keyOutside(body, hubBodyKeys); bad != "" {
					t.Errorf("%s %q accepted, but %s", name, body, bad)
				}
			}
		}
	})
}

// hubBodyKeys are the members of a hub's request body by the path of their object, for
// POST, PUT and PATCH alike.
var hubBodyKeys = map[string][]string{
	"":         {"hubName", "hubManagerId", "address", "location"},
	"address":  {"zipCode", "address1", "address2"},
	"location": {"latitude", "longitude"},
}

// keyOutside is an independent check, with json.Decoder, that every object in body sits at a
// path of allowed, holds only its exact names and repeats none; it says what breaks that, or "".
func keyOutside(body string, allowed map[string][]string) string {
	dec := json.NewDecoder(strings.NewReader(body))
	var walk func(path string) string
	walk = func(path string) string {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		switch tok {
		case json.Delim('{'):
			names, ok := allowed[path]
			seen := map[string]bool{}
			for dec.More() {
				t, _ := dec.Token()
				k := t.(string)
				switch {
				case !ok:
					return fmt.Sprintf("it has an object at %q, where none belongs", path)
				case !slices.Contains(names, k):
					return fmt.Sprintf("key %q is not a field at %q", k, path)
				case seen[k]:
					return fmt.Sprintf("key %q is repeated at %q", k, path)
				}
				seen[k] = true
				if bad := walk(strings.TrimPrefix(path+"."+k, ".")); bad != "" {
					return bad
				}
			}
			_, _ = dec.Token()
		case json.Delim('['):
			for dec.More() {
				if bad := walk(path + "[]"); bad != "" {
					return bad
				}
			}
			_, _ = dec.Token()
		}
		return ""
	}
	return walk("")
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
