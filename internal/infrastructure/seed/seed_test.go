package seed_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/infrastructure/seed"
)

func TestKoreaHubsAreTheSeventeenValidHubs(t *testing.T) {
	hubs, err := seed.KoreaHubs()
	if err != nil {
		t.Fatal(err)
	}
	if len(hubs) != 17 {
		t.Fatalf("got %d hubs, want 17", len(hubs))
	}
	names := map[string]bool{}
	var gyeonggi []string
	for _, d := range hubs {
		if _, err := hub.New(d, seed.ActorID, time.Now()); err != nil {
			t.Errorf("hub %q is not valid: %v", d.Name, err)
		}
		if names[strings.ToLower(d.Name)] {
			t.Errorf("hub name %q appears twice", d.Name)
		}
		names[strings.ToLower(d.Name)] = true
		if d.Location == nil {
			t.Errorf("hub %q has no location", d.Name)
		}
		if strings.HasPrefix(d.Name, "경기") {
			gyeonggi = append(gyeonggi, d.Name)
		}
	}
	if len(gyeonggi) != 2 {
		t.Errorf("hubs named 경기…: %q, want 2", gyeonggi)
	}
	first := hubs[0]
	if first.Name != "서울특별시 센터" || first.Address.Address1 != "서울특별시 송파구 송파대로 55" ||
		first.Location.Latitude != 37.4742027808565 || first.Location.Longitude != 127.123621185562 {
		t.Errorf("first hub = %+v %+v, want 서울특별시 센터 with its address and location", first, *first.Location)
	}
}

func TestParseRefusesBadInput(t *testing.T) {
	for name, in := range map[string]string{
		"empty":         "",
		"wrong header":  "name,address1,latitude,longitude\nA,B,1,2\n",
		"missing field": "hub_name,address1,latitude,longitude\nA,B,1\n",
		"bad latitude":  "hub_name,address1,latitude,longitude\nA,B,north,2\n",
		"bad longitude": "hub_name,address1,latitude,longitude\nA,B,1,east\n",
	} {
		if _, err := seed.Parse(strings.NewReader(in)); err == nil {
			t.Errorf("%s: Parse accepted %q", name, in)
		}
	}
}

func TestParseAcceptsABOM(t *testing.T) {
	hubs, err := seed.Parse(strings.NewReader("\ufeffhub_name,address1,latitude,longitude\nA,B,1.5,-2\n"))
	if err != nil || len(hubs) != 1 || hubs[0].Location.Longitude != -2 {
		t.Fatalf("Parse = %+v, %v", hubs, err)
	}
}

func TestLoadIsIdempotent(t *testing.T) {
	stored := map[string]bool{}
	create := func(_ context.Context, d hub.Details) error {
		if stored[d.Name] {
			return hub.ErrNameTaken
		}
		stored[d.Name] = true
		return nil
	}
	created, skipped, err := seed.Load(context.Background(), create)
	if err != nil || created != 17 || skipped != 0 {
		t.Fatalf("first Load = %d created, %d skipped, %v; want 17, 0, nil", created, skipped, err)
	}
	created, skipped, err = seed.Load(context.Background(), create)
	if err != nil || created != 0 || skipped != 17 {
		t.Fatalf("second Load = %d created, %d skipped, %v; want 0, 17, nil", created, skipped, err)
	}
}

func TestLoadStopsAtOtherErrors(t *testing.T) {
	boom := errors.New("boom")
	calls := 0
	created, skipped, err := seed.Load(context.Background(), func(context.Context, hub.Details) error {
		calls++
		if calls == 3 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) || created != 2 || skipped != 0 || calls != 3 {
		t.Fatalf("Load = %d, %d, %v after %d calls; want 2, 0, boom after 3", created, skipped, err, calls)
	}
	if _, _, err := seed.Load(context.Background(), nil); err == nil {
		t.Error("Load accepted a nil create function")
	}
}
