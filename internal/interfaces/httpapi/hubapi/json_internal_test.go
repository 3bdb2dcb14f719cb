package hubapi

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/record"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// encoded is what encoding/json makes of v as the server's JSON bodies are written (no HTML
// escaping, a final newline): the reference the hand-written appenders must match.
func encoded(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jsonEncode(&buf, v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func jsonEncode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// pageJSON is the contract's page: content plus page metadata.
type pageJSON struct {
	Content []hubJSON    `json:"content"`
	Page    pageMetaJSON `json:"page"`
}

// pageMetaJSON says what is known: number only for numbered pages, totals only when counted
// (totalIsEstimate when they are the planner's estimate), nextCursor when a page follows.
type pageMetaJSON struct {
	Size            int    `json:"size"`
	Number          *int   `json:"number,omitempty"`
	TotalElements   *int64 `json:"totalElements,omitempty"`
	TotalPages      *int   `json:"totalPages,omitempty"`
	TotalIsEstimate bool   `json:"totalIsEstimate,omitempty"`
	HasNext         bool   `json:"hasNext"`
	NextCursor      string `json:"nextCursor,omitempty"`
}

// pageJSONOf is the page as encoding/json would write it: the reference of AppendPageJSON.
func pageJSONOf(p paging.Page[query.HubView], nextCursor string) pageJSON {
	content := make([]hubJSON, len(p.Content))
	for i, v := range p.Content {
		content[i] = hubJSONOf(v)
	}
	meta := pageMetaJSON{Size: p.Size, HasNext: p.HasNext, NextCursor: nextCursor}
	if !p.Keyset {
		meta.Number = &p.Number
	}
	if p.Total != paging.TotalUnknown {
		total, pages := p.TotalElements, p.TotalPages()
		meta.TotalElements, meta.TotalPages = &total, &pages
		meta.TotalIsEstimate = p.Total == paging.TotalEstimate
	}
	return pageJSON{Content: content, Page: meta}
}

// hardStrings need every escape encoding/json knows: quotes, backslashes, control characters,
// HTML characters (not escaped), U+2028/9, invalid UTF-8, DEL, Hangul and emoji.
var hardStrings = []string{
	"", "서울 센터", `"quoted" \back\slash`, "tab\tnew\nline\rcr\bbs\fff\x00nul\x1fus", "<a href='x'>&amp;</a>",
	"line\u2028para\u2029end", "bad \xff utf8 \xc3", "del \x7f", "emoji 🚚 and é", "\u00a0nbsp",
}

func randomView(r *rand.Rand) query.HubView {
	pick := func() string {
		s := hardStrings[r.IntN(len(hardStrings))]
		if r.IntN(2) == 0 {
			s += hardStrings[r.IntN(len(hardStrings))]
		}
		return s
	}
	id := func() uuid.UUID {
		var u uuid.UUID
		for i := range u {
			u[i] = byte(r.UintN(256))
		}
		return u
	}
	at := func() time.Time {
		// whole seconds, milliseconds, microseconds and trailing zeros in the fraction
		t := time.Date(2000+r.IntN(100), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), 0, time.UTC)
		switch r.IntN(4) {
		case 1:
			t = t.Add(time.Duration(r.IntN(1000)) * time.Millisecond)
		case 2:
			t = t.Add(time.Duration(r.IntN(1000000)) * time.Microsecond)
		case 3:
			t = t.Add(120 * time.Microsecond)
		}
		return t
	}
	floats := []float64{0, math.Copysign(0, -1), 37.5, -90, 180, 1e-7, -3.2e-9, 127.02771234567891, 1e21 / 1e19, 0.000001, math.SmallestNonzeroFloat64}
	v := query.HubView{
		ID: id(), Name: pick(), Address: hub.Address{ZipCode: pick(), Address1: pick(), Address2: pick()},
		Fields: record.Fields{Deleted: r.IntN(2) == 0, Version: r.Int64N(1 << 40), CreatedAt: at(), CreatedBy: id(), UpdatedAt: at(), UpdatedBy: id()},
	}
	if r.IntN(2) == 0 {
		m := id()
		v.ManagerID = &m
	}
	if r.IntN(2) == 0 {
		v.Location = &hub.Location{Latitude: floats[r.IntN(len(floats))], Longitude: r.NormFloat64() * 100}
	}
	if v.Deleted {
		d, by := at(), id()
		v.DeletedAt, v.DeletedBy = &d, &by
	}
	return v
}

// TestHubJSONAppenderMatchesEncodingJSON: the hand-written hub and page bodies are byte for byte
// what encoding/json writes for hubJSON and pageJSON, for every kind of string, number, time and
// page metadata; the component tests compare bodies, and clients may too.
func TestHubJSONAppenderMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		v := randomView(r)
		want := encoded(t, hubJSONOf(v))
		got := append(appendHubJSON(nil, v), '\n')
		if !bytes.Equal(got, want) {
			t.Fatalf("view %d:\n got %s\nwant %s", i, got, want)
		}
	}
	cursors := []string{"", "abc_DEF-123", `needs "escaping" \ `}
	for i := range 300 {
		n := r.IntN(5)
		p := paging.Page[query.HubView]{Content: make([]query.HubView, n), Number: r.IntN(50), Size: 1 + r.IntN(100),
			TotalElements: r.Int64N(100000), Total: paging.TotalKind(r.IntN(3)), HasNext: r.IntN(2) == 0, Keyset: r.IntN(2) == 0}
		for j := range p.Content {
			p.Content[j] = randomView(r)
		}
		next := cursors[r.IntN(len(cursors))]
		want := encoded(t, pageJSONOf(p, next))
		got := append(httpapi.AppendPageJSON(nil, p, next, appendHubJSON), '\n')
		if !bytes.Equal(got, want) {
			t.Fatalf("page %d:\n got %s\nwant %s", i, got, want)
		}
	}
	// The empty page is an empty array, never null.
	if got := string(httpapi.AppendPageJSON(nil, paging.Page[query.HubView]{Content: []query.HubView{}, Size: 20}, "", appendHubJSON)); !strings.HasPrefix(got, `{"content":[]`) {
		t.Errorf("empty page: %s", got)
	}
}

// BenchmarkHubPageJSON compares the appender with encoding/json on a page of 20 hubs.
func BenchmarkHubPageJSON(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	p := paging.Page[query.HubView]{Content: make([]query.HubView, 20), Size: 20, HasNext: true, Total: paging.TotalUnknown}
	for i := range p.Content {
		p.Content[i] = randomView(r)
	}
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			if err := jsonEncode(&buf, pageJSONOf(p, "cursor")); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("appender", func(b *testing.B) {
		b.ReportAllocs()
		buf := make([]byte, 0, 16<<10)
		for b.Loop() {
			buf = httpapi.AppendPageJSON(buf[:0], p, "cursor", appendHubJSON)
		}
	})
}
