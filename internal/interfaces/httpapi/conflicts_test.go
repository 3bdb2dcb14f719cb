package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
)

// TestStaleIfMatchCarriesTheCurrentETag: a 412 tells the current ETag, and a retry with it
// succeeds without a GET in between; for every command that honours If-Match.
func TestStaleIfMatchCarriesTheCurrentETag(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	for _, c := range []struct {
		name, method, path, body string
		deleted                  bool
	}{
		{name: "put", method: "PUT", body: `{"hubName":"바꾼 이름 PUT","address":{"address1":"주소"}}`},
		{name: "patch", method: "PATCH", body: `{"hubName":"바꾼 이름 PATCH"}`},
		{name: "delete", method: "DELETE"},
		{name: "restore", method: "POST", path: "/restore", deleted: true},
	} {
		id := en.createHub("412 "+c.name, nil)
		target := "/api/v1/hubs/" + id.String()
		en.master("PATCH", target, `{"address":{"address2":"2층"}}`) // version 2
		if c.deleted {
			en.master("DELETE", target, "") // version 3
		}
		current := en.master("GET", target, "").Header.Get("ETag")
		res := en.master(c.method, target+c.path, c.body, "If-Match", `"1"`)
		expectProblem(t, res, http.StatusPreconditionFailed, "VERSION_MISMATCH")
		if got := res.Header.Get("ETag"); got != current || got == "" {
			t.Errorf("%s: 412 ETag %q, want the current %q", c.name, got, current)
			continue
		}
		retry := en.master(c.method, target+c.path, c.body, "If-Match", res.Header.Get("ETag"))
		if retry.Code >= 300 {
			t.Errorf("%s: retry with the 412's ETag: %d %s", c.name, retry.Code, retry.Body)
		}
	}
}

// TestStaleIfMatchTellsNoOutsider: the refusals come in the order 404, 403, 412, so a caller who
// may not see or change the hub never gets its ETag from a stale If-Match.
func TestStaleIfMatchTellsNoOutsider(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	manager := uuid.MustParse("0f5e0000-0000-4000-8000-0000000000bb")
	other := en.createHub("남의 허브", nil)
	res := en.as(access.HubManager, manager, "PATCH", "/api/v1/hubs/"+other.String(), `{"hubName":"x"}`, "If-Match", `"7"`)
	expectProblem(t, res, http.StatusForbidden, "FORBIDDEN")
	deleted := en.createHub("지운 허브", &manager)
	en.master("DELETE", "/api/v1/hubs/"+deleted.String(), "")
	res2 := en.as(access.HubManager, manager, "PATCH", "/api/v1/hubs/"+deleted.String(), `{"hubName":"x"}`, "If-Match", `"7"`)
	expectProblem(t, res2, http.StatusNotFound, "HUB_NOT_FOUND")
	for _, r := range []response{res, res2} {
		if etag := r.Header.Get("ETag"); etag != "" {
			t.Errorf("a %d carries ETag %s", r.Code, etag)
		}
	}
}

// TestNameTakenNamesTheHolder: a 409 HUB_NAME_TAKEN names the live hub that holds the name,
// for a create, a PUT, a PATCH by the hub's own HUB_MANAGER (the holder is live, so a manager
// may see it too) and a restore.
func TestNameTakenNamesTheHolder(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	manager := uuid.MustParse("0f5e0000-0000-4000-8000-0000000000cc")
	holder := en.createHub("Seoul Center", nil)
	mine := en.createHub("내 허브", &manager)
	gone := en.createHub("부산 센터", nil)
	en.master("DELETE", "/api/v1/hubs/"+gone.String(), "")
	busan := en.createHub("부산 센터", nil)

	for _, c := range []struct {
		name string
		res  response
		want uuid.UUID
	}{
		{"create", en.master("POST", "/api/v1/hubs", `{"hubName":"SEOUL center","address":{"address1":"주소"}}`), holder},
		{"put", en.master("PUT", "/api/v1/hubs/"+mine.String(), `{"hubName":"seoul center","hubManagerId":"`+manager.String()+`","address":{"address1":"주소"}}`), holder},
		{"patch by the hub's manager", en.as(access.HubManager, manager, "PATCH", "/api/v1/hubs/"+mine.String(), `{"hubName":"Seoul Center"}`), holder},
		{"restore", en.master("POST", "/api/v1/hubs/"+gone.String()+"/restore", ""), busan},
	} {
		p := expectProblem(t, c.res, http.StatusConflict, "HUB_NAME_TAKEN")
		var member struct {
			HubID string `json:"hubId"`
		}
		c.res.decode(t, &member)
		if member.HubID != c.want.String() || !strings.Contains(p.Detail, c.want.String()) {
			t.Errorf("%s: hubId %q, detail %q; want both to name %s", c.name, member.HubID, p.Detail, c.want)
		}
		if !namesField(p.Errors, "hubName") {
			t.Errorf("%s: the 409 no longer names hubName: %+v", c.name, p.Errors)
		}
	}
	if r := en.master("GET", "/api/v1/hubs/"+holder.String(), ""); r.Code != http.StatusOK {
		t.Errorf("the named holder is not readable: %d", r.Code)
	}
}
