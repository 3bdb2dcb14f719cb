package httpapi

import (
	"encoding/json"
	"fmt"
	"reflect"
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

// TestShapeOf: the allowed names come from the json tags, embedded structs included.
func TestShapeOf(t *testing.T) {
	type inner struct {
		A string `json:"a"`
	}
	type outer struct {
		inner
		B      int `json:"b,omitempty"`
		C      int
		Hidden int `json:"-"`
		d      int
	}
	_ = outer{}.d
	s := shapeOf(reflect.TypeFor[*outer]())
	for _, k := range []string{"a", "b", "C"} {
		if _, _, ok := s.member([]byte(`"`+k+`"`), false); !ok {
			t.Errorf("%s is not allowed", k)
		}
	}
	for _, k := range []string{"A", "B", "c", "Hidden", "d", "inner"} {
		if _, _, ok := s.member([]byte(`"`+k+`"`), false); ok {
			t.Errorf("%s is allowed", k)
		}
	}
	if s := shapeOf(reflect.TypeFor[addressInput]()); s != nil {
		t.Errorf("a type with its own UnmarshalJSON has a shape: %+v", s)
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
// spell no U+FFFD themselves), and what it accepts has no repeated key at any depth.
func FuzzStrictJSON(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1,"a":2}`, `{"a":{"b":[{"c":1,"c":2}]}}`, `"\ud800"`, `"\\ud800"`, `"\ud83d\ude00"`,
		`["\udc00"]`, `{"\u0061":1,"a":2}`, `[1,"x",true,null,{"k":-0.5e3}]`, `{"a" : [ 1 , 2 ] , "b" : { } }`, `"\ud800\u`, `{"a":`} {
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
		if uerr := json.Unmarshal([]byte(body), &v); uerr != nil {
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
