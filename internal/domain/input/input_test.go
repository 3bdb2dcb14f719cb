package input_test

import (
	"strings"
	"testing"

	"github.com/hubd/hubd/internal/domain/input"
	"github.com/hubd/hubd/internal/domain/kernel"
)

func fields(v *kernel.Validator) []kernel.FieldError {
	var ve *kernel.ValidationError
	if err := v.Err(nil); err != nil {
		ve = err.(*kernel.ValidationError)
		return ve.Fields
	}
	return nil
}

func TestCheckAddressNamesEachField(t *testing.T) {
	var v kernel.Validator
	input.CheckAddress(&v, "address", input.Address{ZipCode: strings.Repeat("1", 11), Address1: " ", Address2: strings.Repeat("가", 201)})
	want := []kernel.FieldError{
		{Field: "address.address1", Message: "is required"},
		{Field: "address.address2", Message: "must be at most 200 characters"},
		{Field: "address.zipCode", Message: "must be at most 10 characters"},
	}
	got := fields(&v)
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("field %d: %v, want %v", i, got[i], want[i])
		}
	}
	var ok kernel.Validator
	input.CheckAddress(&ok, "address", input.Address{ZipCode: strings.Repeat("1", 10), Address1: strings.Repeat("가", 200), Address2: strings.Repeat("나", 200)})
	if ok.Len() != 0 {
		t.Errorf("a valid address at every limit: %v", fields(&ok))
	}
}

func TestTextRefusesBadBytesAndControls(t *testing.T) {
	for s, msg := range map[string]string{"a\xffb": "must be valid UTF-8", "a\tb": "must not contain control characters", "a\x00": "must not contain control characters"} {
		var v kernel.Validator
		input.Text(&v, "f", s, 0, 10)
		if got := fields(&v); len(got) != 1 || got[0].Message != msg {
			t.Errorf("Text(%q) = %v, want %q", s, got, msg)
		}
	}
}

func TestNameNormalizesAndRefuses(t *testing.T) {
	var v kernel.Validator
	if got := input.Name(&v, "companyName", "  서울\u3000 물류  "); got != "서울 물류" || v.Len() != 0 {
		t.Errorf("Name = %q, %v", got, fields(&v))
	}
	for s, msg := range map[string]string{
		"":                       "is required",
		"\u200b\ufeff":           "is required (it holds only invisible characters)",
		strings.Repeat("가", 101): "must be at most 100 characters",
		"a\u202eb":               "must not contain bidirectional control characters (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069)",
	} {
		var v kernel.Validator
		input.Name(&v, "companyName", s)
		if got := fields(&v); len(got) != 1 || got[0] != (kernel.FieldError{Field: "companyName", Message: msg}) {
			t.Errorf("Name(%+q) = %v, want %q", s, got, msg)
		}
	}
}

func TestFragmentAndHasPrefix(t *testing.T) {
	var v kernel.Validator
	input.Fragment(&v, "hubName", "")
	input.Fragment(&v, "hubName", "서울")
	if v.Len() != 0 {
		t.Errorf("valid fragments refused: %v", fields(&v))
	}
	input.Fragment(&v, "hubName", "\u200b")
	input.Fragment(&v, "companyName", strings.Repeat("a", 101))
	if got := fields(&v); len(got) != 2 || got[0].Field != "hubName" || got[1].Field != "companyName" {
		t.Errorf("bad fragments: %v", got)
	}
	for _, c := range []struct {
		name, prefix string
		want         bool
	}{
		{"서울특별시 센터", "서울", true}, {"서울특별시 센터", "", true}, {"ＳＥＯＵＬ Hub", "seoul", true},
		{"Seoul", "seoul ", false}, {"Seoul hub", "seoul ", true}, {"50% off", "50%", true}, {"500 off", "50%", false},
		{"a_b", "a_", true}, {"abc", "a_", false}, {"부산", "서울", false},
	} {
		if got := input.HasPrefix(c.name, c.prefix); got != c.want {
			t.Errorf("HasPrefix(%q, %q) = %v, want %v", c.name, c.prefix, got, c.want)
		}
	}
}
