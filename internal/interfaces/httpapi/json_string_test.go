package httpapi

import (
	"bytes"
	"encoding/json"
	"testing"
)

// jsonStringByEncoder is encoding/json's quoting without HTML escaping, the reference.
func jsonStringByEncoder(t testing.TB, s string) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

var jsonStringCases = []string{
	"", "plain", "서울 강남 허브", `quote " and \ backslash`, "tab\tnew\nline\rcr\bbs\fff\x00nul\x1f\x7f",
	"line\u2028sep\u2029para", "\u2028", "ends with e2 \xe2", "\xe2\x80", "\xe2\x80\xa8", "bad \xff byte",
	"bad \xed\xa0\x80 surrogate", "mixed 서울\xc3(\u2029\"", "<html>&amp;", "€ \u2027 \u202a", "🚚 truck",
}

// TestAppendJSONStringMatchesEncodingJSON: AppendJSONString quotes as encoding/json does (no
// HTML escaping), control characters, U+2028/U+2029 and invalid bytes included.
func TestAppendJSONStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range jsonStringCases {
		if got, want := string(AppendJSONString([]byte("x"), s)), "x"+jsonStringByEncoder(t, s); got != want {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range jsonStringCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(AppendJSONString(nil, s)), jsonStringByEncoder(t, s); got != want {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	})
}

func BenchmarkAppendJSONString(b *testing.B) {
	s := "서울특별시 강남구 테헤란로 152 강남파이낸스센터 물류 허브"
	buf := make([]byte, 0, 256)
	for b.Loop() {
		buf = AppendJSONString(buf[:0], s)
	}
}
