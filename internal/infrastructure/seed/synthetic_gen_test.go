package seed

import (
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/record"
)

var testNow = time.Date(2026, 11, 21, 5, 0, 0, 0, time.UTC)

func generate(t *testing.T, o SyntheticOptions, n int, token string) []syntheticRow {
	t.Helper()
	o, err := o.normalized()
	if err != nil {
		t.Fatal(err)
	}
	g := newGenerator(o, n, token).batch(0)
	rows := make([]syntheticRow, n)
	for i := range rows {
		g.row(&rows[i])
	}
	return rows
}

// snapshot is the row as the repository would read it back.
func (r *syntheticRow) snapshot() hub.Snapshot {
	s := hub.Snapshot{
		ID: r.id,
		Details: hub.Details{Name: r.name,
			Address:  hub.Address{ZipCode: r.zip, Address1: r.addr1, Address2: r.addr2},
			Location: &hub.Location{Latitude: r.lat, Longitude: r.lon}},
		Fields: record.Fields{Deleted: r.deleted, Version: r.version,
			CreatedAt: r.createdAt, CreatedBy: r.createdBy, UpdatedAt: r.updatedAt, UpdatedBy: r.updatedBy},
	}
	if r.manager.Valid {
		s.Details.ManagerID = &r.manager.UUID
	}
	if r.deleted {
		s.DeletedAt, s.DeletedBy = &r.deletedAt, &r.deletedBy.UUID
	}
	return s
}

func isKorean(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Hangul, r) }) >= 0
}

func TestGeneratedRowsKeepEveryRule(t *testing.T) {
	const n = 20000
	rows := generate(t, SyntheticOptions{Seed: 3, Now: testNow}, n, "abcde")
	zip := regexp.MustCompile(`^[0-9]{5}$`)
	names, ids, managers := map[string]bool{}, map[uuid.UUID]bool{}, map[uuid.UUID]bool{}
	var deleted, korean, managed, prevCreated = 0, 0, 0, time.Time{}
	for i := range rows {
		r := &rows[i]
		h, err := hub.UnmarshalFromDatabase(r.snapshot())
		if err != nil {
			t.Fatalf("row %d (%q) breaks a domain rule: %v", i, r.name, err)
		}
		if h.Snapshot().Details.Name != r.name {
			t.Errorf("name %q is not already trimmed", r.name)
		}
		key := strings.ToLower(r.name)
		if names[key] {
			t.Fatalf("name %q twice, ignoring case", r.name)
		}
		names[key] = true
		if ids[r.id] || r.id.Version() != 7 || r.id.Variant() != uuid.RFC4122 {
			t.Fatalf("id %s repeated or not a version-7 UUID", r.id)
		}
		ids[r.id] = true
		if sec, _ := r.id.Time().UnixTime(); sec != r.createdAt.Unix() {
			t.Errorf("id %s is stamped %d, created at %v", r.id, sec, r.createdAt)
		}
		if r.lat < 33.1 || r.lat > 38.6 || r.lon < 124.6 || r.lon > 131.9 {
			t.Errorf("%q at %v,%v is outside South Korea", r.name, r.lat, r.lon)
		}
		if r.zip != "" && !zip.MatchString(r.zip) {
			t.Errorf("zip code %q", r.zip)
		}
		if r.createdAt.Before(testNow.Add(-syntheticHistory)) || r.createdAt.Before(prevCreated) ||
			r.updatedAt.Before(r.createdAt) || r.updatedAt.After(testNow) {
			t.Errorf("times out of order: created %v (previous %v), updated %v", r.createdAt, prevCreated, r.updatedAt)
		}
		prevCreated = r.createdAt
		if r.version == 1 && (r.updatedAt != r.createdAt || r.updatedBy != r.createdBy) {
			t.Errorf("version 1 but updated after creation: %+v", r)
		}
		if r.deleted {
			deleted++
			if r.version < 2 || r.updatedAt != r.deletedAt || r.updatedBy != r.deletedBy.UUID {
				t.Errorf("deleted hub's audit is inconsistent: %+v", r)
			}
		}
		if r.manager.Valid {
			managed++
			managers[r.manager.UUID] = true
		}
		if isKorean(r.name) {
			korean++
			if !isKorean(r.addr1) || !strings.HasPrefix(r.addr1, regions[r.regionIdx].full+" ") {
				t.Errorf("Korean hub %q has address %q", r.name, r.addr1)
			}
		} else if isKorean(r.addr1) || isKorean(r.addr2) {
			t.Errorf("Latin hub %q has a Korean address %q %q", r.name, r.addr1, r.addr2)
		}
	}
	within := func(what string, got int, want, tolerance float64) {
		if share := float64(got) / n; share < want-tolerance || share > want+tolerance {
			t.Errorf("%s: %.3f of the hubs, want %.2f±%.2f", what, share, want, tolerance)
		}
	}
	within("deleted", deleted, 0.10, 0.01)
	within("Korean names", korean, 0.70, 0.02)
	within("managed", managed, 0.95, 0.01)
	if len(managers) > DefaultSyntheticManagers || len(managers) < 4000 {
		t.Errorf("%d distinct managers, want most of the pool of %d", len(managers), DefaultSyntheticManagers)
	}
	if first, last := rows[0].createdAt, rows[n-1].createdAt; last.Sub(first) < syntheticHistory-24*time.Hour {
		t.Errorf("hubs created from %v to %v, want three years", first, last)
	}
}

func TestGeneratorOptions(t *testing.T) {
	rows := generate(t, SyntheticOptions{Managers: -1, DeletedRatio: -1, Now: testNow}, 2000, "abcde")
	for _, r := range rows {
		if r.manager.Valid || r.deleted {
			t.Fatalf("Managers -1 and DeletedRatio -1 gave %+v", r)
		}
	}
	rows = generate(t, SyntheticOptions{Managers: 3, DeletedRatio: 1, Now: testNow}, 2000, "abcde")
	managers := map[uuid.UUID]bool{}
	for _, r := range rows {
		managers[r.manager.UUID] = r.manager.Valid
		if !r.deleted {
			t.Fatalf("DeletedRatio 1 left %q alive", r.name)
		}
	}
	if len(managers) != 4 { // three managers and the zero UUID of the unmanaged
		t.Errorf("Managers 3 gave %d distinct values", len(managers))
	}
	for _, o := range []SyntheticOptions{{DeletedRatio: 1.5}, {BatchSize: -1}} {
		if _, err := o.normalized(); err == nil {
			t.Errorf("options %+v accepted", o)
		}
	}
}

func TestGeneratorIsDeterministicButForIDsAndToken(t *testing.T) {
	o := SyntheticOptions{Seed: 42, Now: testNow}
	a, b := generate(t, o, 500, "aaaaa"), generate(t, o, 500, "bbbbb")
	same := generate(t, o, 500, "aaaaa")
	for i := range a {
		if a[i] != same[i] {
			t.Fatalf("row %d differs between two runs with one seed and token", i)
		}
		x, y := a[i], b[i]
		if x.id == y.id || !strings.Contains(x.name, "aaaaa-") || !strings.Contains(y.name, "bbbbb-") {
			t.Fatalf("runs with different tokens share id or name: %v %q, %v %q", x.id, x.name, y.id, y.name)
		}
		y.id, y.name = x.id, strings.ReplaceAll(y.name, "bbbbb", "aaaaa")
		if x != y {
			t.Fatalf("row %d differs beyond id and token:\n%+v\n%+v", i, x, y)
		}
	}
	if other := generate(t, SyntheticOptions{Seed: 43, Now: testNow}, 500, "aaaaa"); other[0].addr1 == a[0].addr1 && other[1].addr1 == a[1].addr1 {
		t.Error("another seed gives the same hubs")
	}
}

func TestRunTokens(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		tok, err := newRunToken()
		if err != nil || len(tok) != runTokenLength || strings.Trim(tok, runTokenAlphabet) != "" || seen[tok] {
			t.Fatalf("token %q, %v", tok, err)
		}
		seen[tok] = true
	}
}

func TestUUIDv7At(t *testing.T) {
	at := time.Date(2024, 2, 29, 12, 0, 0, 123_000_000, time.UTC)
	g := newGenerator(SyntheticOptions{Now: testNow}, 1, "x").batch(0)
	u := uuidV7At(at, g.ids)
	if u.Version() != 7 || u.Variant() != uuid.RFC4122 {
		t.Fatalf("%s is not a version-7 UUID", u)
	}
	if sec, nsec := u.Time().UnixTime(); time.Unix(sec, nsec).UTC() != at {
		t.Errorf("%s carries %v, want %v", u, time.Unix(sec, nsec).UTC(), at)
	}
}
