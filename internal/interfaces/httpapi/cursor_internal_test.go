package httpapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hubd/hubd/internal/domain/paging"
)

// encodeByMarshal is the cursor as it was made before the codec appended it by hand and
// recycled its HMACs: json.Marshal, a fresh HMAC per call. The codec must match it byte for
// byte, or the cursors clients hold would stop working across an upgrade.
func encodeByMarshal(key []byte, cur *paging.Cursor, fingerprint string) string {
	payload, _ := json.Marshal(cursorPayload{Keys: cur.Keys, Fingerprint: fingerprint})
	body := base64.RawURLEncoding.EncodeToString(payload)
	h := hmac.New(sha256.New, key)
	h.Write([]byte(body))
	return body + "." + base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:16])
}

func TestCursorEncodeMatchesJSONMarshal(t *testing.T) {
	key := []byte(strings.Repeat("k", 32))
	codecs := map[string]cursorCodec{"pooled": newCursorCodec(key), "unpooled": {key: key}}
	keys := [][]string{
		nil, {}, {""},
		{"Seoul Hub 12", "0b8f1f9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"},
		{"2026-12-02T01:02:03.456789Z", "42"},
		{`quote " and \ backslash`, "tab\tnewline\n\x00\x1f", "<script>&amp;</script>"},
		{"서울 허브", "café", "\u2028\u2029", "\xff\xfe invalid", "\x7f del"},
		{strings.Repeat("long key ", 60)},
	}
	for name, c := range codecs {
		for _, fp := range []string{"", "AbC-_09xyzAB", "<&>", "é"} {
			for _, k := range keys {
				cur := &paging.Cursor{Keys: k}
				got, want := c.encode(cur, fp), encodeByMarshal(key, cur, fp)
				if got != want {
					t.Fatalf("%s: encode(%q, %q) = %q, json.Marshal makes %q", name, k, fp, got, want)
				}
				if len(k) == 0 || !utf8.ValidString(strings.Join(k, "")) {
					continue // no cursor to decode; invalid UTF-8 comes back as U+FFFD, as ever
				}
				back, err := c.decode(got, fp)
				if err != nil || strings.Join(back.Keys, "\x00") != strings.Join(k, "\x00") {
					t.Fatalf("%s: decode(encode(%q)) = %v, %v", name, k, back, err)
				}
				if _, err := c.decode(got, fp+"x"); err == nil {
					t.Fatalf("%s: a cursor of another search was accepted", name)
				}
			}
		}
	}
}

func TestCursorCodecsShareNothingButTheKey(t *testing.T) {
	a, b := newCursorCodec([]byte(strings.Repeat("a", 32))), newCursorCodec([]byte(strings.Repeat("b", 32)))
	cur := &paging.Cursor{Keys: []string{"x"}}
	for range 3 { // recycled HMACs keep their own key
		if _, err := b.decode(a.encode(cur, "f"), "f"); err == nil {
			t.Fatal("a cursor signed with another key was accepted")
		}
		if _, err := a.decode(a.encode(cur, "f"), "f"); err != nil {
			t.Fatalf("own cursor refused: %v", err)
		}
	}
}

func BenchmarkCursorEncode(b *testing.B) {
	c := newCursorCodec([]byte(strings.Repeat("k", 32)))
	cur := &paging.Cursor{Keys: []string{"Seoul Hub 12", "0b8f1f9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"}}
	b.ReportAllocs()
	for b.Loop() {
		_ = c.encode(cur, "AbC-_09xyzAB")
	}
}

func BenchmarkCursorEncodeByMarshal(b *testing.B) {
	key := []byte(strings.Repeat("k", 32))
	cur := &paging.Cursor{Keys: []string{"Seoul Hub 12", "0b8f1f9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"}}
	b.ReportAllocs()
	for b.Loop() {
		_ = encodeByMarshal(key, cur, "AbC-_09xyzAB")
	}
}

// fingerprintByJoin is searchFingerprint as it was, joined from a slice of parts: the one
// buffer must hash the same bytes, or every cursor in clients' hands would stop fitting.
func fingerprintByJoin(filters []string, req PageRequest) string {
	parts := append([]string{"v1"}, filters...)
	if req.Deleted {
		parts = append(parts, "deleted")
	}
	for _, o := range req.Pageable.Sort {
		parts = append(parts, o.Property+","+o.Direction.String())
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return base64.RawURLEncoding.EncodeToString(sum[:9])
}

func TestSearchFingerprintMatchesJoin(t *testing.T) {
	long := strings.Repeat("x", 300) // past the stack buffer
	for _, filters := range [][]string{nil, {}, {""}, {"a", "", "서울"}, {long, long}} {
		for _, deleted := range []bool{false, true} {
			for _, sort := range [][]paging.Order{nil, {{Property: "name"}}, {{Property: "name", Direction: paging.Desc}, {Property: "id"}}} {
				req := PageRequest{Deleted: deleted, Pageable: paging.Pageable{Sort: sort}}
				if got, want := searchFingerprint(filters, req), fingerprintByJoin(filters, req); got != want {
					t.Fatalf("searchFingerprint(%q, %v, %v) = %q, the join makes %q", filters, deleted, sort, got, want)
				}
			}
		}
	}
}
