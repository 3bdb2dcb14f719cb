package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/seed"
)

// seedKoreanHubs loads the 17 reference hubs into en's database the way serve does on a first
// start: through the create use case, as the seed actor.
func seedKoreanHubs(t *testing.T, en *env) {
	t.Helper()
	storage, err := apptest.Storage(postgres.NewStore(en.db))
	if err != nil {
		t.Fatal(err)
	}
	app, err := application.New(storage, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	created, _, err := seed.Load(context.Background(), func(ctx context.Context, d hub.Details) error {
		_, err := app.Hubs.Create.Handle(ctx, command.CreateHub{Actor: seed.Actor, Details: d})
		return err
	})
	if err != nil || created != 17 {
		t.Fatalf("seed: %d created, %v", created, err)
	}
}

func hubBody(name string) string {
	n, _ := json.Marshal(name)
	return `{"hubName":` + string(n) + `,"address":{"address1":"주소"}}`
}

// TestLookAlikeNamesAreTaken: beside the seeded "서울특별시 센터", each look-alike (two spaces,
// NFD, no-break or ideographic space, a zero-width space, a BOM, a word joiner inside) is 409
// HUB_NAME_TAKEN, by POST and by PUT; so is a full-width or other-case spelling of a Latin name.
// Before names had a key of their own, every one of them was a 201.
func TestLookAlikeNamesAreTaken(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	seedKoreanHubs(t, en)
	en.createHub("Seoul Hub", nil)
	other := en.createHub("다른 센터", nil)
	for _, name := range []string{
		"서울특별시  센터", norm.NFD.String("서울특별시 센터"), "서울특별시\u00a0센터", "서울특별시\u3000센터",
		"서울특별시\u200b 센터", "\ufeff서울특별시 센터", "서울\ufeff특별시 센터", "서울특별시 \u2060센터",
		"ＳＥＯＵＬ ＨＵＢ", "seoul  HUB",
	} {
		p := expectProblem(t, en.master("POST", "/api/v1/hubs", hubBody(name)), http.StatusConflict, "HUB_NAME_TAKEN")
		if len(p.Errors) == 0 || p.Errors[0].Field != "hubName" {
			t.Errorf("POST %+q: errors %+v", name, p.Errors)
		}
		expectProblem(t, en.master("PUT", "/api/v1/hubs/"+other.String(), hubBody(name)), http.StatusConflict, "HUB_NAME_TAKEN")
	}
	if _, res := en.searchPage("size=100"); !strings.Contains(string(res.Body), `"totalElements":19`) {
		t.Errorf("look-alikes were stored: %.300s", res.Body)
	}
}

// TestNamesAreStoredNormalizedAndFoundByKey: the response shows the stored name (NFC, white
// space trimmed and collapsed), a bidi control is a 400 naming hubName, and prefix search and q
// find a hub by any spelling of its key.
func TestNamesAreStoredNormalizedAndFoundByKey(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	res := en.master("POST", "/api/v1/hubs", hubBody(norm.NFD.String("  부산\u3000신항\u00a0\u00a0센터 ")))
	var created struct {
		HubName string `json:"hubName"`
	}
	if res.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Code, res.Body)
	}
	res.decode(t, &created)
	if created.HubName != "부산 신항 센터" || !norm.NFC.IsNormalString(created.HubName) {
		t.Errorf("stored name %+q, want %+q", created.HubName, "부산 신항 센터")
	}
	p := expectProblem(t, en.master("POST", "/api/v1/hubs", hubBody("서울\u202e터센")), http.StatusBadRequest, "INVALID_BODY")
	if len(p.Errors) != 1 || p.Errors[0].Field != "hubName" {
		t.Errorf("bidi control: errors %+v", p.Errors)
	}
	en.createHub("Seoul Hub", nil)
	for query, want := range map[string][]string{
		"hubName=" + url.QueryEscape(norm.NFD.String("부산 신")): {"부산 신항 센터"},
		"hubName=" + url.QueryEscape("부산\u3000\u3000신항"):      {"부산 신항 센터"},
		"hubName=" + url.QueryEscape("ＳＥＯ"):                   {"Seoul Hub"},
		"q=" + url.QueryEscape("ＨＵＢ"):                         {"Seoul Hub"},
		"q=" + url.QueryEscape("신\u200b항"):                    {"부산 신항 센터"},
		"sort=hubName":                                        {"Seoul Hub", "부산 신항 센터"},
	} {
		page, _ := en.searchPage(query)
		var got []string
		for _, h := range page.Content {
			got = append(got, h.HubName)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: got %q, want %q", query, got, want)
		}
	}
}

// TestInvisibleNamesAndFiltersAreRefused: a name of nothing but default-ignorable characters (a
// Hangul filler, a zero-width space, a BOM) is a missing name, 400 naming hubName, by POST, PUT
// and PATCH; and a hubName or q filter of such characters is a 400 naming the parameter. Before,
// the names were stored under the empty key and the filters returned every hub.
func TestInvisibleNamesAndFiltersAreRefused(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	id := en.createHub("서울특별시 센터", nil)
	en.createHub("부산광역시 센터", nil)
	for _, name := range []string{"\u3164", "\u200b", "\ufeff\u200b", "\u115f\u1160"} {
		quoted, _ := json.Marshal(name)
		for _, r := range []response{
			en.master("POST", "/api/v1/hubs", hubBody(name)),
			en.master("PUT", "/api/v1/hubs/"+id.String(), hubBody(name)),
			en.master("PATCH", "/api/v1/hubs/"+id.String(), `{"hubName":`+string(quoted)+`}`, "Content-Type", "application/merge-patch+json"),
		} {
			p := expectProblem(t, r, http.StatusBadRequest, "INVALID_BODY")
			if len(p.Errors) != 1 || p.Errors[0].Field != "hubName" || !strings.Contains(p.Errors[0].Message, "required") {
				t.Errorf("name %+q: errors %+v", name, p.Errors)
			}
		}
		for _, param := range []string{"hubName", "q"} {
			p := expectProblem(t, en.master("GET", "/api/v1/hubs?"+param+"="+url.QueryEscape(name), ""), http.StatusBadRequest, "INVALID_PARAMETER")
			if len(p.Errors) != 1 || p.Errors[0].Field != param {
				t.Errorf("%s=%+q: errors %+v", param, name, p.Errors)
			}
		}
	}
	if _, res := en.searchPage("size=100"); !strings.Contains(string(res.Body), `"totalElements":2`) {
		t.Errorf("an invisible name was stored: %.300s", res.Body)
	}
}

// TestConflictedLegacyHubCanStillBeChanged: a hub stored before names had their key (its key is
// still lower() of its name, because the live hub "대구센터" or "서울특별시 센터" holds the key its
// name has now: the conflict the re-key step reports) can have its address changed, 200, and
// keeps its old key; only a rename to a name with another key writes the new one. Before, every
// change wrote names.Key of the name and was a 409 HUB_NAME_TAKEN, so such a hub could only be
// renamed.
func TestConflictedLegacyHubCanStillBeChanged(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.createHub("대구센터", nil)
	en.createHub("서울특별시 센터", nil)
	legacy := map[string]string{ // name as an older hubd stored it: its key was lower(name)
		"zero-width space inside": "대구\u200b센터",
		"two spaces":              "서울특별시  센터",
	}
	for label, name := range legacy {
		var id string
		if err := en.db.QueryRow(`INSERT INTO hubs (hub_id, hub_name, name_key, address1, version, created_at, created_by, updated_at, updated_by)
			VALUES (gen_random_uuid(), $1, lower($1), 'old', 1, now(), $2, now(), $2) RETURNING hub_id`, name, masterID).Scan(&id); err != nil {
			t.Fatal(err)
		}
		key := func() string {
			var k string
			if err := en.db.QueryRow("SELECT name_key FROM hubs WHERE hub_id = $1", id).Scan(&k); err != nil {
				t.Fatal(err)
			}
			return k
		}
		res := en.master("PATCH", "/api/v1/hubs/"+id, `{"address":{"address1":"new"}}`, "Content-Type", "application/merge-patch+json")
		if res.Code != http.StatusOK {
			t.Errorf("%s: address change: %d %s", label, res.Code, res.Body)
		}
		if k := key(); k != strings.ToLower(name) {
			t.Errorf("%s: the address change rewrote the key to %+q", label, k)
		}
		res = en.master("PATCH", "/api/v1/hubs/"+id, `{"hubName":"다른 이름 `+label+`"}`, "Content-Type", "application/merge-patch+json")
		if res.Code != http.StatusOK || key() != "다른 이름 "+label {
			t.Errorf("%s: rename: %d %s, key %+q", label, res.Code, res.Body, key())
		}
	}
}
