package hubapi

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/interfaces/httpapi"
	"github.com/hubd/hubd/internal/interfaces/httpapi/httpapitest"
)

// TestSearchCondition_MeWithoutSubject: hubManagerId=me needs a caller; without one (no sub, which
// authentication should never let through) it is a 400, not a search for the nil UUID.
func TestSearchCondition_MeWithoutSubject(t *testing.T) {
	q := url.Values{paramManagerID: {"me"}}
	_, err := searchCondition(q, false, uuid.Nil)
	if p, ok := err.(*httpapi.Problem); !ok || p.Code != httpapi.CodeInvalidParameter || p.Errors[0].Field != paramManagerID {
		t.Errorf("me without a subject: %v", err)
	}
	self := uuid.New()
	cond, err := searchCondition(q, false, self)
	if err != nil || cond.ManagerID == nil || *cond.ManagerID != self {
		t.Errorf("me: %+v, %v", cond, err)
	}
}

// TestRequestTypesBuild: every request type's strict shape builds (a type the strict pass cannot
// check panics when its shape is built; their nested types build when a body reaches them).
func TestRequestTypesBuild(t *testing.T) {
	for _, v := range []any{&hubInput{}, &hubPatchInput{}, &httpapi.AddressMembers{}, &locationInput{}, &batchGetInput{}} {
		if err := httpapi.DecodeStrict([]byte(`{}`), v); err != nil {
			t.Errorf("%T: %v", v, err)
		}
	}
}

func BenchmarkDecodeStrict(b *testing.B) {
	body := []byte(`{"hubName":"서울특별시 센터","hubManagerId":"0f5e0000-0000-4000-8000-0000000000aa","address":{"zipCode":"04524","address1":"서울특별시 중구 세종대로 110","address2":""},"location":{"latitude":37.5663,"longitude":126.9779}}`)
	for b.Loop() {
		var in hubInput
		if err := httpapi.DecodeStrict(body, &in); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzHubBodies decodes any input as the hub's real request bodies (hubInput for POST and PUT,
// the merge patch for PATCH), whose oracle is: accepted means every key is exactly a field's
// name at its path and no object repeats a key.
func FuzzHubBodies(f *testing.F) {
	for _, s := range httpapitest.StrictSeeds {
		f.Add(s)
	}
	requests := map[string]func([]byte) error{
		"POST/PUT body": func(b []byte) error { var in hubInput; return httpapi.DecodeStrict(b, &in) },
		"PATCH body":    func(b []byte) error { _, err := decodePatch(b); return err },
	}
	f.Fuzz(func(t *testing.T, body string) {
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
