package hub_test

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/hubd/hubd/internal/domain/hub"
)

// TestNameIsStoredNormalized: a hub keeps its name in NFC with white space runs collapsed, as
// the contract says, whatever spelling the client sent.
func TestNameIsStoredNormalized(t *testing.T) {
	for in, want := range map[string]string{
		"서울특별시  센터":                       "서울특별시 센터",
		norm.NFD.String("서울특별시 센터"):       "서울특별시 센터",
		"서울특별시\u00a0센터":                   "서울특별시 센터",
		"\u3000서울특별시\u3000\u3000센터\u3000": "서울특별시 센터",
		"Cafe\u0301 Hub":                  "Café Hub",
	} {
		d := validDetails()
		d.Name = in
		h, err := hub.New(d, master, t0)
		if err != nil {
			t.Errorf("%+q: %v", in, err)
			continue
		}
		if h.Name() != want {
			t.Errorf("%+q stored as %+q, want %+q", in, h.Name(), want)
		}
	}
}

// TestNameRules: bidi controls are refused naming hubName; the 100-character limit counts the
// stored (NFC) form; a name whose key would not fit an index is refused, not left to the
// database; a name of nothing but invisible characters, whose key is empty, is missing.
func TestNameRules(t *testing.T) {
	for name, input := range map[string]string{
		"right-to-left override":     "서울\u202e터센",
		"left-to-right mark":         "서울\u200e센터",
		"isolate":                    "\u2067서울\u2069",
		"arabic letter mark":         "\u061c서울",
		"tab inside":                 "서울\t센터",
		"101 after collapsing":       strings.Repeat("가", 50) + "  " + strings.Repeat("나", 50),
		"huge key":                   strings.Repeat("\ufdfa", 100),
		"hangul filler":              "\u3164",
		"zero-width space":           "\u200b",
		"bom and zero-width":         "\ufeff\u200b",
		"choseong+jungseong fillers": "\u115f\u1160",
		"spaces and joiners":         " \u200d \u200c ",
	} {
		d := validDetails()
		d.Name = input
		assertField(t, name, d, "hubName")
	}
	d := validDetails()
	d.Name = norm.NFD.String(strings.Repeat("각", 100)) // 300 jamo, 100 syllables once composed
	h, err := hub.New(d, master, t0)
	if err != nil || h.Name() != strings.Repeat("각", 100) {
		t.Errorf("100 syllables in NFD: %v", err)
	}
	d.Name = "\u200b"
	_, err = hub.New(d, master, t0)
	var invisible *hub.ValidationError
	if !errors.As(err, &invisible) || len(invisible.Fields) != 1 || !strings.Contains(invisible.Fields[0].Message, "is required") {
		t.Errorf("zero-width space only: %v, want hubName is required", err)
	}
	d.Name = "서울\u202e센터"
	_, err = hub.New(d, master, t0)
	var ve *hub.ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 1 || !strings.Contains(ve.Fields[0].Message, "bidirectional") {
		t.Errorf("bidi control: %v", err)
	}
}

// TestChangeToAnotherSpellingIsNoChange: the NFD spelling, or extra spaces, of the stored name
// is the same details: no new version, ETags stay valid.
func TestChangeToAnotherSpellingIsNoChange(t *testing.T) {
	h := newHub(t)
	for _, spelling := range []string{norm.NFD.String(h.Name()), "  서울특별시   센터 "} {
		d := h.Details()
		d.Name = spelling
		if err := h.Change(d, other, t0.Add(1)); err != nil || h.Version() != 1 || h.Name() != "서울특별시 센터" {
			t.Errorf("%+q: version %d name %+q err %v", spelling, h.Version(), h.Name(), err)
		}
	}
}
