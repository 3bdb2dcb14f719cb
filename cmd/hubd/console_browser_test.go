package main

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/uuid"
)

// hubJSON is the part of a hub the browser tests compare.
type hubJSON struct {
	HubID        string  `json:"hubId"`
	HubName      string  `json:"hubName"`
	HubManagerID *string `json:"hubManagerId"`
	Version      int64   `json:"version"`
	Address      struct {
		Address2 string `json:"address2"`
	} `json:"address"`
}

type hubPage struct {
	Content []hubJSON `json:"content"`
	Page    struct {
		TotalElements int64 `json:"totalElements"`
	} `json:"page"`
}

type pathJSON struct {
	TotalDistanceKm      float64 `json:"totalDistanceKm"`
	TotalDurationMinutes float64 `json:"totalDurationMinutes"`
	Legs                 []struct {
		RouteID string `json:"routeId"`
	} `json:"legs"`
}

// TestConsole drives the console in headless Chromium against one real `hubd serve` on its
// embedded PostgreSQL (fresh: the 17 Korean hubs and their 36 routes), listening on 127.0.0.1
// with its dev secret, so the dev sign-in (POST /dev/token) is on. The subtests run in order on
// the one server: the ones that only read first, the ones that change hubs last. Each saves
// screenshots of its views and runs axe-core on them, and fails on any console error.
func TestConsole(t *testing.T) {
	began := time.Now()
	chromiumPath(t) // before the server: without a browser, fail at once saying what to install
	s := serveFresh(t, "hubd-console-")
	base := s.srv.url
	b := startBrowser(t, base)
	master := consoleAPI{t: t, base: base, token: devToken(t, base, "MASTER", "")}
	var all hubPage
	master.call("GET", "/api/v1/hubs?size=100", nil, &all)
	if len(all.Content) != 17 {
		t.Fatalf("the fresh server has %d hubs, want the 17 seeded", len(all.Content))
	}
	t.Logf("server and browser up in %v", time.Since(began).Round(time.Millisecond))

	step := func(name string, f func(t *testing.T)) {
		start := time.Now()
		t.Run(name, f)
		t.Logf("%s: %v", name, time.Since(start).Round(time.Millisecond))
	}
	step("HarnessSeesErrorsAndViolations", func(t *testing.T) { consoleHarness(t, b) })
	step("SignInListSearchPaging", func(t *testing.T) { consoleList(t, b, master, all) })
	step("Map", func(t *testing.T) { consoleMap(t, b, master, all) })
	step("PathFinder", func(t *testing.T) { consolePathFinder(t, b, master, all) })
	step("Nearest", func(t *testing.T) { consoleNearest(t, b, master) })
	step("DocsRenderTheOpenAPIDocument", func(t *testing.T) { consoleDocs(t, b, master) })
	step("ExpiredTokenBackToSignIn", func(t *testing.T) { consoleExpired(t, b, s) })
	step("ConflictBetweenTwoManagers", func(t *testing.T) { consoleConflict(t, b, master, all) })
	step("RestoreDeletedRouteShipperCompany", func(t *testing.T) { consoleRestore(t, b, master, all) })
	step("LiveMapShowsACreatedRoute", func(t *testing.T) { consoleLiveMap(t, b, master) })
	step("LiveListShowsACreatedHub", func(t *testing.T) { consoleLive(t, b, master) })
}

// consoleHarness: what the other subtests rely on to fail does fail: a console.error, an
// uncaught exception, a style the CSP refuses, and an image without a text alternative (a
// critical axe-core violation) are all seen.
func consoleHarness(t *testing.T, b *browser) {
	tb := b.newTab(t, "harness")
	tb.open("#/signin")
	tb.waitJS("the sign-in view", `document.querySelector('#view-signin')`)
	if v := tb.axeViolations("signin"); len(v) != 0 {
		t.Fatalf("the sign-in view has violations before the probe: %v", v)
	}
	evalJS[bool](tb, "break the page", `(() => {
		const img = document.createElement('img'); img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw='; img.id = 'probe-img';
		document.querySelector('#main').append(img);
		const d = document.createElement('div'); d.innerHTML = '<p style="color: red">probe</p>'; document.body.append(d);
		console.error('probe error'); setTimeout(() => { throw new Error('probe exception') }, 0); return true })()`)
	tb.waitJS("the exception is thrown", `new Promise(r => setTimeout(() => r(true), 200))`)
	v := tb.axeViolations("signin-broken")
	if !slices.ContainsFunc(v, func(s string) bool { return strings.Contains(s, "image-alt") && strings.Contains(s, "#probe-img") }) {
		t.Errorf("axe-core did not report the image without alt: %v", v)
	}
	want := []string{"console.error: probe error", "probe exception", "style-src"}
	errs := tb.takeErrors()
	for _, w := range want {
		if !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, w) }) {
			t.Errorf("the tab did not report %q; it saw %q", w, errs)
		}
	}
}

// signIn signs in through the dev sign-in form as role (sub: the form's random one when "")
// and waits for the hub list, where sign-in leads.
func signIn(tb *tab, role, sub string) {
	tb.t.Helper()
	tb.open("#/signin")
	tb.waitJS("the dev sign-in form is offered", `document.querySelector('#view-signin #dev-signin #dev-submit')`)
	tb.set("#dev-role", role)
	if sub != "" {
		tb.set("#dev-sub", sub)
	}
	tb.click("#dev-submit")
	tb.waitJS("sign-in leads to the hub list", `location.hash === '#/hubs' && document.querySelector('#view-hubs')`)
	tb.waitJS("the list has loaded", `document.querySelector('#hub-total[data-total]')`)
}

// rowIDs are the hub ids of the list's rows, in order.
func rowIDs(tb *tab) []string { return tb.attrs("#hub-table tr[data-hub-id]", "data-hub-id") }

// consoleList: the sign-in view (axe), the dev sign-in as MASTER, the list of the 17 hubs, a
// name search that narrows it to what the API finds, and paging by 10 to the end and back.
func consoleList(t *testing.T, b *browser, master consoleAPI, all hubPage) {
	tb := b.newTab(t, "master")
	tb.open("#/signin")
	tb.waitJS("the dev sign-in form is offered", `document.querySelector('#view-signin #dev-signin #dev-submit')`)
	tb.checkAccessibility("signin")
	signIn(tb, "MASTER", "")

	tb.waitJS("the total is 17", `document.querySelector('#hub-total').dataset.total === '17'`)
	tb.waitJS("17 rows", `document.querySelectorAll('#hub-table tr[data-hub-id]').length === 17`)
	if est := tb.attrs("#hub-total", "data-estimated"); !slices.Equal(est, []string{"false"}) {
		t.Errorf("#hub-total data-estimated = %v, want false for 17 hubs counted", est)
	}
	var want []string
	for _, h := range all.Content { // the API's default order, createdAt,desc, is the list's
		want = append(want, h.HubID)
	}
	if got := rowIDs(tb); !slices.Equal(got, want) {
		t.Errorf("rows %v\nwant (GET /api/v1/hubs) %v", got, want)
	}
	links := evalJS[[]string](tb, "row links", `[...document.querySelectorAll('#hub-table tr[data-hub-id]')].map(r => {
		const a = r.querySelector('td a, th a'); return a ? a.getAttribute('href') + ' ' + a.textContent.trim() : '' })`)
	for i, h := range all.Content {
		if i < len(links) && links[i] != "#/hubs/"+h.HubID+" "+h.HubName {
			t.Errorf("row %d links %q, want #/hubs/%s %s", i, links[i], h.HubID, h.HubName)
		}
	}
	if n := tb.count("#hub-new"); n != 1 {
		t.Errorf("MASTER sees %d #hub-new, want 1", n)
	}
	tb.checkAccessibility("hubs")

	// A name prefix the API narrows to some hubs but not all.
	prefix, found := namePrefix(t, master, all)
	tb.set("#hub-search-name", prefix)
	tb.click("#hub-search-submit")
	tb.waitJS(fmt.Sprintf("the search for %q finds %d", prefix, found.Page.TotalElements),
		fmt.Sprintf(`document.querySelector('#hub-total').dataset.total === '%d' && document.querySelectorAll('#hub-table tr[data-hub-id]').length === %d`,
			found.Page.TotalElements, len(found.Content)))
	var wantFound []string
	for _, h := range found.Content {
		wantFound = append(wantFound, h.HubID)
	}
	if got := rowIDs(tb); !slices.Equal(got, wantFound) {
		t.Errorf("search %q: rows %v, want %v", prefix, got, wantFound)
	}
	tb.screenshot("hubs-search")

	// Paging: ten a page is two pages, the second with the other seven.
	tb.set("#hub-search-name", "")
	tb.set("#hub-size", "10")
	tb.click("#hub-search-submit")
	tb.waitJS("a first page of 10 of 17", `document.querySelectorAll('#hub-table tr[data-hub-id]').length === 10 &&
		document.querySelector('#hub-total').dataset.total === '17'`)
	tb.waitJS("#hub-prev is disabled on the first page", `document.querySelector('#hub-prev').disabled`)
	tb.waitJS("#hub-next is enabled on the first page", `!document.querySelector('#hub-next').disabled`)
	first := rowIDs(tb)
	info1 := evalJS[string](tb, "page info", `document.querySelector('#hub-page-info').textContent`)
	tb.click("#hub-next")
	tb.waitJS("the second and last page of 7", `document.querySelectorAll('#hub-table tr[data-hub-id]').length === 7`)
	tb.waitJS("#hub-next is disabled on the last page", `document.querySelector('#hub-next').disabled`)
	tb.waitJS("#hub-prev is enabled on the last page", `!document.querySelector('#hub-prev').disabled`)
	info2 := evalJS[string](tb, "page info", `document.querySelector('#hub-page-info').textContent`)
	if !strings.Contains(info1, "1") || !strings.Contains(info1, "2") || !strings.Contains(info2, "2") || info1 == info2 {
		t.Errorf("#hub-page-info %q then %q, want page 1 of 2 then 2 of 2", info1, info2)
	}
	second := rowIDs(tb)
	if got := append(slices.Clone(first), second...); !slices.Equal(got, want) {
		t.Errorf("pages %v + %v, want every hub once in order %v", first, second, want)
	}
	tb.screenshot("hubs-page2")
	tb.click("#hub-prev")
	tb.waitJS("back on the first page", `document.querySelectorAll('#hub-table tr[data-hub-id]').length === 10 && document.querySelector('#hub-prev').disabled`)
	if got := rowIDs(tb); !slices.Equal(got, first) {
		t.Errorf("back on page 1: rows %v, want %v", got, first)
	}
	// A new search drops the cursors walked: paging waits for its first page (an enabled
	// #hub-next with no cursor behind it would lose the click).
	if !evalJS[bool](tb, "search again", `(() => { document.querySelector('#hub-search-form').requestSubmit();
		return document.querySelector('#hub-next').disabled && document.querySelector('#hub-prev').disabled })()`) {
		t.Error("while a new search loads, #hub-next or #hub-prev stays enabled")
	}
	tb.waitJS("the new search's first page", `!document.querySelector('#hub-next').disabled && document.querySelectorAll('#hub-table tr[data-hub-id]').length === 10`)

	tb.click("#signout")
	tb.waitJS("sign-out leads to sign-in", `location.hash === '#/signin' && document.querySelector('#view-signin')`)
	if n := evalJS[int](tb, "session storage", `sessionStorage.length`); n != 0 {
		t.Errorf("after #signout the session storage holds %d items, want none", n)
	}
}

// namePrefix picks a name prefix of one or two characters that the API narrows the 17 hubs to
// between 2 and 16 with (1 when none does), and the API's answer to it.
func namePrefix(t *testing.T, master consoleAPI, all hubPage) (string, hubPage) {
	t.Helper()
	best, bestN := "", 0
	for _, n := range []int{1, 2} {
		for _, h := range all.Content {
			r := []rune(h.HubName)
			if len(r) < n {
				continue
			}
			p, c := string(r[:n]), 0
			for _, o := range all.Content {
				if strings.HasPrefix(o.HubName, p) {
					c++
				}
			}
			if c < 17 && c > bestN {
				best, bestN = p, c
			}
		}
	}
	if best == "" {
		t.Fatal("no name prefix narrows the seeded hubs")
	}
	var found hubPage
	master.call("GET", "/api/v1/hubs?size=100&hubName="+url.QueryEscape(best), nil, &found)
	if found.Page.TotalElements == 0 || found.Page.TotalElements == 17 {
		t.Fatalf("hubName=%s: %d hubs", best, found.Page.TotalElements)
	}
	return best, found
}

// liveRouteIDs are the ids of every live route, from the API.
func liveRouteIDs(t *testing.T, master consoleAPI) []string {
	t.Helper()
	var routes struct {
		Content []struct {
			RouteID string `json:"routeId"`
		} `json:"content"`
	}
	master.call("GET", "/api/v1/hub-routes?size=100", nil, &routes)
	var ids []string
	for _, r := range routes.Content {
		ids = append(ids, r.RouteID)
	}
	slices.Sort(ids)
	return ids
}

// consoleMap: the map draws a point per live hub and a line per live route, the API's.
func consoleMap(t *testing.T, b *browser, master consoleAPI, all hubPage) {
	tb := b.newTab(t, "map")
	signIn(tb, "MASTER", "")
	tb.open("#/map")
	tb.waitJS("the map is drawn", `document.querySelector('#view-map svg#map path.korea-outline')`)
	tb.waitJS("17 hub points", `document.querySelectorAll('svg#map circle.hub-point[data-hub-id]').length === 17`)
	routes := liveRouteIDs(t, master)
	if len(routes) != 36 {
		t.Errorf("the API has %d live routes, want the 36 seeded", len(routes))
	}
	tb.waitJS(fmt.Sprintf("%d route lines", len(routes)),
		fmt.Sprintf(`document.querySelectorAll('svg#map line.route-line[data-route-id]').length === %d`, len(routes)))
	var hubs []string
	for _, h := range all.Content {
		hubs = append(hubs, h.HubID)
	}
	slices.Sort(hubs)
	points := tb.attrs("svg#map circle.hub-point", "data-hub-id")
	slices.Sort(points)
	if !slices.Equal(points, hubs) {
		t.Errorf("hub points %v, want the hubs %v", points, hubs)
	}
	lines := tb.attrs("svg#map line.route-line", "data-route-id")
	slices.Sort(lines)
	if !slices.Equal(lines, routes) {
		t.Errorf("route lines %v, want the routes %v", lines, routes)
	}
	if label := evalJS[string](tb, "the map's name", `(() => { const m = document.querySelector('svg#map');
		return m.getAttribute('role') === 'img' ? (m.getAttribute('aria-label') || '') : (m.closest('figure')?.querySelector('figcaption')?.textContent || '') })()`); label == "" {
		t.Error("svg#map has neither role=img with an aria-label nor a figure caption")
	}
	tb.checkAccessibility("map")
}

// consolePathFinder: the path finder's legs and totals for the hub pair with the most legs are
// GET /api/v1/hub-paths's for it, drawn on the map.
func consolePathFinder(t *testing.T, b *browser, master consoleAPI, all hubPage) {
	from := all.Content[0]
	var to hubJSON
	var want pathJSON
	for _, h := range all.Content[1:] {
		var p pathJSON
		master.call("GET", "/api/v1/hub-paths?by=distance&from="+from.HubID+"&to="+h.HubID, nil, &p)
		if len(p.Legs) > len(want.Legs) {
			to, want = h, p
		}
	}
	if len(want.Legs) < 2 {
		t.Fatalf("no pair from %s has a path of two legs or more", from.HubName)
	}
	tb := b.newTab(t, "path")
	signIn(tb, "MASTER", "")
	tb.open("#/map")
	tb.waitJS("the path finder lists the hubs", `document.querySelectorAll('#path-form #path-from option').length > 17 - 1`)
	byName := func(sel, name string) {
		t.Helper()
		v := evalJS[string](tb, "the option of "+name, fmt.Sprintf(`(() => { const o = [...document.querySelectorAll('%s option')]
			.find(o => o.textContent.trim() === %q); return o ? o.value : '' })()`, sel, name))
		if v == "" {
			tb.fail("choose "+name, fmt.Errorf("%s has no option %q", sel, name))
		}
		tb.set(sel, v)
	}
	byName("#path-from", from.HubName)
	byName("#path-to", to.HubName)
	tb.set("#path-by", "distance")
	tb.click("#path-submit")
	tb.waitJS(fmt.Sprintf("a path of %d legs", len(want.Legs)),
		fmt.Sprintf(`document.querySelectorAll('#path-result ol#path-legs > li[data-route-id]').length === %d`, len(want.Legs)))
	var wantLegs []string
	for _, l := range want.Legs {
		wantLegs = append(wantLegs, l.RouteID)
	}
	if got := tb.attrs("#path-result ol#path-legs > li", "data-route-id"); !slices.Equal(got, wantLegs) {
		t.Errorf("legs %v, want GET /api/v1/hub-paths's %v", got, wantLegs)
	}
	for _, c := range []struct {
		sel  string
		want float64
	}{{"#path-total-km", want.TotalDistanceKm}, {"#path-total-min", want.TotalDurationMinutes}} {
		v := tb.attrs(c.sel, "data-value")
		if len(v) != 1 {
			t.Errorf("%d %s, want one", len(v), c.sel)
			continue
		}
		if n, err := strconv.ParseFloat(v[0], 64); err != nil || math.Abs(n-c.want) > 1e-9 {
			t.Errorf("%s data-value %q, want %v", c.sel, v[0], c.want)
		}
	}
	drawn := tb.attrs("svg#map line.path-leg", "data-route-id")
	slices.Sort(drawn)
	sorted := slices.Sorted(slices.Values(wantLegs))
	if !slices.Equal(drawn, sorted) {
		t.Errorf("legs drawn %v, want %v", drawn, sorted)
	}
	tb.checkAccessibility("map-path")
}

// consoleConflict: a hub's manager edits their hub in one browser context while another
// context of theirs saves first; the first gets the 412 dialog naming the field, and overwrites
// knowingly.
func consoleConflict(t *testing.T, b *browser, master consoleAPI, all hubPage) {
	hub := all.Content[len(all.Content)-1]
	manager := uuid.NewString()
	h := master.call("GET", "/api/v1/hubs/"+hub.HubID, nil, nil)
	master.call("PATCH", "/api/v1/hubs/"+hub.HubID, map[string]any{"hubManagerId": manager}, &hub, "If-Match", h.Get("ETag"))
	version := func(tb *tab, v int64) {
		tb.t.Helper()
		tb.waitJS(fmt.Sprintf("#hub-version shows %d", v), fmt.Sprintf(`document.querySelector('#view-hub #hub-version').textContent.trim() === '%d'`, v))
	}

	first, second := b.newTab(t, "manager-1"), b.newTab(t, "manager-2")
	for _, tb := range []*tab{first, second} {
		signIn(tb, "HUB_MANAGER", manager)
		tb.open("#/hubs/" + hub.HubID)
		tb.waitJS("the hub form", `document.querySelector('#view-hub form#hub-form #hub-address2')`)
		version(tb, hub.Version)
	}
	first.checkAccessibility("hub")
	if n := first.count("#hub-routes-deleted, #hub-shippers-deleted, #hub-companies-deleted"); n != 0 {
		t.Errorf("a hub manager is offered the deleted routes, shippers or companies (%d switches): MASTER's only", n)
	}

	second.set("#hub-address2", "Suite B")
	second.click("#hub-save")
	version(second, hub.Version+1)

	first.set("#hub-address2", "Suite A")
	first.click("#hub-save")
	first.waitJS("the 412 dialog", `document.querySelector('dialog#conflict-dialog[open]')`)
	fields := first.attrs("#conflict-dialog li[data-field]", "data-field")
	if !slices.Contains(fields, "address.address2") {
		t.Errorf("#conflict-dialog lists %v, want address.address2 among them", fields)
	}
	text := evalJS[string](first, "the dialog's text", `document.querySelector('#conflict-dialog').textContent`)
	if !strings.Contains(text, "Suite B") {
		t.Errorf("#conflict-dialog does not show the other save's value %q: %q", "Suite B", text)
	}
	first.checkAccessibility("hub-conflict")
	first.click("#conflict-overwrite")
	first.waitJS("the dialog closes", `!document.querySelector('dialog#conflict-dialog[open]')`)
	version(first, hub.Version+2)
	var saved hubJSON
	master.call("GET", "/api/v1/hubs/"+hub.HubID, nil, &saved)
	if saved.Address.Address2 != "Suite A" || saved.Version != hub.Version+2 {
		t.Errorf("after the overwrite the hub has address2 %q, version %d; want %q, %d", saved.Address.Address2, saved.Version, "Suite A", hub.Version+2)
	}
	first.screenshot("hub-saved")
}

// consoleLive: a hub created through the API appears in an open list, without a reload.
func consoleLive(t *testing.T, b *browser, master consoleAPI) {
	tb := b.newTab(t, "live")
	signIn(tb, "MASTER", "")
	tb.waitJS("17 rows", `document.querySelectorAll('#hub-table tr[data-hub-id]').length === 17`)
	tb.waitJS("the list follows the stream", `document.querySelector('#view-hubs').dataset.live === 'stream'`)
	evalJS[bool](tb, "mark the page", `window.__sameDocument = true`)
	var created hubJSON
	master.call("POST", "/api/v1/hubs", map[string]any{
		"hubName": "실시간 테스트 센터", "address": map[string]string{"address1": "서울특별시 중구 세종대로 110"},
		"location": map[string]float64{"latitude": 37.5663, "longitude": 126.9779},
	}, &created)
	tb.waitJS("the created hub appears", fmt.Sprintf(`document.querySelector('#hub-table tr[data-hub-id=%q]')`, created.HubID))
	if !evalJS[bool](tb, "the page was not reloaded", `window.__sameDocument === true`) {
		t.Error("the list was reloaded to show the new hub")
	}
	tb.screenshot("hubs-live")
}

// consoleNearest: the keyboard way of the nearest search lists the hubs GET /api/v1/hubs/nearest
// finds for the point, nearest first.
func consoleNearest(t *testing.T, b *browser, master consoleAPI) {
	const lat, lon = "36.1", "127.6"
	var want struct {
		Content []struct {
			Hub hubJSON `json:"hub"`
		} `json:"content"`
	}
	master.call("GET", "/api/v1/hubs/nearest?limit=20&latitude="+lat+"&longitude="+lon, nil, &want)
	tb := b.newTab(t, "nearest")
	signIn(tb, "MASTER", "")
	tb.open("#/map")
	tb.waitJS("the map is drawn", `document.querySelectorAll('svg#map circle.hub-point').length === 17`)
	tb.set("#nearest-lat", lat)
	tb.set("#nearest-lon", lon)
	tb.click("#nearest-submit")
	tb.waitJS("the nearest hubs are listed", `document.querySelectorAll('ol#nearest-list > li[data-hub-id]').length > 0`)
	got := tb.attrs("ol#nearest-list > li", "data-hub-id")
	for i, id := range got {
		if i >= len(want.Content) || want.Content[i].Hub.HubID != id {
			t.Errorf("nearest list %v is not the start of the API's order %v", got, want.Content)
			break
		}
	}
	tb.checkAccessibility("map-nearest")
}

// consoleExpired: a pasted token works until it expires; the next request the console makes
// sends the person back to sign in, with the server's reason.
func consoleExpired(t *testing.T, b *browser, s served) {
	tb := b.newTab(t, "expired")
	tb.open("#/signin")
	tb.waitJS("the sign-in form", `document.querySelector('#view-signin form#signin-form #signin-token')`)
	// exp is in whole seconds, so the token lives 5 to 6 s: time to sign in on a busy machine.
	const ttl = 6 * time.Second
	tok := strings.TrimSpace(runHubd(t, s.bin, s.root, s.env, "token", "--role", "MASTER", "--ttl", ttl.String()))
	issued := time.Now()
	tb.set("#signin-token", tok)
	tb.click("#signin-submit")
	tb.waitJS("the pasted token opens the hub list", `location.hash === '#/hubs' && document.querySelector('#hub-total[data-total]')`)
	time.Sleep(time.Until(issued.Add(ttl + time.Second)))
	tb.click("#hub-search-submit")
	tb.waitJS("the refused token leads back to sign-in", `location.hash === '#/signin' && document.querySelector('#view-signin')`)
	tb.waitJS("the reason is shown", `document.querySelector('#signin-reason').textContent.trim() !== ''`)
	reason := evalJS[string](tb, "the reason", `document.querySelector('#signin-reason').textContent`)
	if !strings.Contains(reason, "expired") {
		t.Errorf("#signin-reason %q does not carry the server's reason (token expired)", reason)
	}
	tb.screenshot("signin-expired")
}

// consoleDocs: /docs/ draws a block for every operation of the OpenAPI document the server
// serves, GET /api/v1/hubs among them; its Authorize button opens the bearer token dialog, which
// authorises the page; a tab signed in to the console opens /docs/ authorised already.
func consoleDocs(t *testing.T, b *browser, master consoleAPI) {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	master.call("GET", "/openapi.json", nil, &doc)
	var want []string // "METHOD path", as Swagger UI lists them
	for path, item := range doc.Paths {
		for m := range item {
			if slices.Contains([]string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}, m) {
				want = append(want, strings.ToUpper(m)+" "+path)
			}
		}
	}
	slices.Sort(want)
	if len(doc.Paths) < 20 || !slices.Contains(want, "GET /api/v1/hubs") {
		t.Fatalf("/openapi.json has %d paths (%d operations), want the API's, GET /api/v1/hubs among them", len(doc.Paths), len(want))
	}

	tb := b.newTab(t, "docs")
	tb.run("open /docs/", chromedp.Navigate(b.base+"/docs/"))
	tb.waitJS(fmt.Sprintf("Swagger UI draws at least %d operation blocks", len(doc.Paths)),
		fmt.Sprintf(`document.querySelectorAll('#swagger-ui .opblock').length >= %d`, len(doc.Paths)))
	got := evalJS[[]string](tb, "the operation blocks", `[...document.querySelectorAll('#swagger-ui .opblock')].map(b =>
		(b.querySelector('.opblock-summary-method')?.textContent || '').trim() + ' ' + (b.querySelector('.opblock-summary-path')?.dataset.path || ''))`)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("/docs/ has %d operation blocks %v\nwant the document's %d operations %v", len(got), got, len(want), want)
	}
	if !slices.Contains(got, "GET /api/v1/hubs") {
		t.Errorf("/docs/ has no block for GET /api/v1/hubs: %v", got)
	}
	tb.checkAccessibility("docs")

	tb.waitJS("the page starts unauthorised", `!!document.querySelector('#swagger-ui .btn.authorize.unlocked')`)
	tb.click("#swagger-ui .btn.authorize")
	tb.waitJS("the Authorize dialog opens with the bearer scheme", `(() => { const m = document.querySelector('#swagger-ui .dialog-ux .modal-ux');
		return m && m.textContent.includes('bearerAuth') && !!m.querySelector('input') })()`)
	tb.checkAccessibility("docs-authorize")
	// Typed, not set: Swagger UI's React inputs ignore a value set from script.
	tb.run("type the token", chromedp.SendKeys(chromedp.CSS("#swagger-ui .dialog-ux .modal-ux input"), master.token))
	tb.click("#swagger-ui .dialog-ux .modal-ux .auth-btn-wrapper button.authorize")
	tb.waitJS("the dialog says it is authorised", `!!document.querySelector('#swagger-ui .dialog-ux .modal-ux .auth-btn-wrapper button[aria-label*="Remove authorization"]')`)
	tb.checkAccessibility("docs-authorized")
	tb.click("#swagger-ui .dialog-ux button.close-modal")
	tb.waitJS("the dialog closes, the page is authorised", `!document.querySelector('#swagger-ui .dialog-ux') && !!document.querySelector('#swagger-ui .btn.authorize.locked')`)

	signed := b.newTab(t, "docs-signed-in")
	signIn(signed, "MASTER", "")
	signed.run("open /docs/ from the console", chromedp.Navigate(b.base+"/docs/"))
	signed.waitJS("a tab signed in to the console opens /docs/ authorised", `!!document.querySelector('#swagger-ui .btn.authorize.locked')`)
}

// routeJSON is the part of a route the browser tests compare.
type routeJSON struct {
	RouteID         string  `json:"routeId"`
	DepartureHubID  string  `json:"departureHubId"`
	ArrivalHubID    string  `json:"arrivalHubId"`
	DistanceKm      float64 `json:"distanceKm"`
	DurationMinutes int     `json:"durationMinutes"`
	IsDeleted       bool    `json:"isDeleted"`
	Version         int64   `json:"version"`
}

// hubRoutes are the routes from or to hub, the deleted ones when deleted, from the API.
func hubRoutes(t *testing.T, master consoleAPI, hub string, deleted bool) map[string]routeJSON {
	t.Helper()
	var page struct {
		Content []routeJSON `json:"content"`
	}
	master.call("GET", fmt.Sprintf("/api/v1/hub-routes?size=100&hubId=%s&isDeleted=%t", hub, deleted), nil, &page)
	out := map[string]routeJSON{}
	for _, r := range page.Content {
		out[r.RouteID] = r
	}
	return out
}

// consoleRestore: MASTER deletes a route on a hub's page and brings it back from the section's
// deleted ones, each behind the confirmation dialog; a restore that the API refuses (the pair is
// taken again meanwhile: 409) says the API's reason on the route's row, which stays. A shipper
// and a company deleted through the API come back from their sections likewise.
func consoleRestore(t *testing.T, b *browser, master consoleAPI, all hubPage) {
	hub := all.Content[1]
	var route routeJSON
	for _, r := range hubRoutes(t, master, hub.HubID, false) {
		if route.RouteID == "" || r.RouteID < route.RouteID {
			route = r
		}
	}
	if route.RouteID == "" {
		t.Fatalf("hub %s has no route", hub.HubName)
	}
	row := fmt.Sprintf(`#hub-routes tr[data-route-id=%q]`, route.RouteID)
	confirm := func(tb *tab, button string) {
		tb.t.Helper()
		tb.click(button)
		tb.waitJS("the confirmation dialog", `!!document.querySelector('dialog#confirm-dialog[open]')`)
		tb.click("#confirm-ok")
		tb.waitJS("the dialog closes", `!document.querySelector('dialog#confirm-dialog[open]')`)
	}
	showDeleted := func(tb *tab, on bool) {
		tb.t.Helper()
		tb.click("#hub-routes-deleted")
		tb.waitJS(fmt.Sprintf("the section lists the deleted routes: %t", on),
			fmt.Sprintf(`document.querySelector('#hub-routes-deleted').checked === %t && document.querySelector('#hub-routes-table').dataset.deleted === '%t'`, on, on))
	}

	tb := b.newTab(t, "restore")
	signIn(tb, "MASTER", "")
	tb.open("#/hubs/" + hub.HubID)
	tb.waitJS("the route's row", fmt.Sprintf(`!!document.querySelector(%q + ' button.remove')`, row))
	confirm(tb, row+" button.remove")
	tb.waitJS("the deleted route leaves the table", fmt.Sprintf(`!document.querySelector(%q)`, row))
	if r, ok := hubRoutes(t, master, hub.HubID, true)[route.RouteID]; !ok || !r.IsDeleted {
		t.Fatalf("after the delete GET /api/v1/hub-routes?isDeleted=true has no route %s", route.RouteID)
	}

	showDeleted(tb, true)
	tb.waitJS("the deleted route is listed with a restore button", fmt.Sprintf(`!!document.querySelector(%q + '.deleted button.restore')`, row))
	if n := tb.count("#hub-routes-add:not([hidden])"); n != 0 {
		t.Errorf("the deleted routes offer to add one (%d visible #hub-routes-add)", n)
	}
	tb.checkAccessibility("hub-routes-deleted")
	confirm(tb, row+" button.restore")
	tb.waitJS("the restored route leaves the deleted ones", fmt.Sprintf(`!document.querySelector(%q)`, row))
	showDeleted(tb, false)
	tb.waitJS("the restored route is back among the live ones", fmt.Sprintf(`!!document.querySelector(%q + ':not(.deleted) button.remove')`, row))
	back, ok := hubRoutes(t, master, hub.HubID, false)[route.RouteID]
	if !ok || back.IsDeleted || back.Version <= route.Version {
		t.Errorf("after the restore GET /api/v1/hub-routes?hubId= has route %s: %v (%+v), want it live with a newer version than %d", route.RouteID, ok, back, route.Version)
	}
	tb.screenshot("hub-route-restored")

	// The pair taken again: the API refuses the restore, and the row says why.
	h := master.call("GET", "/api/v1/hub-routes/"+route.RouteID, nil, nil)
	master.call("DELETE", "/api/v1/hub-routes/"+route.RouteID, nil, nil, "If-Match", h.Get("ETag"))
	var taken routeJSON
	master.call("POST", "/api/v1/hub-routes", map[string]any{"departureHubId": route.DepartureHubID, "arrivalHubId": route.ArrivalHubID,
		"distanceKm": route.DistanceKm, "durationMinutes": route.DurationMinutes}, &taken)
	code, _, body := master.send("POST", "/api/v1/hub-routes/"+route.RouteID+"/restore", nil)
	var problem struct {
		Detail string `json:"detail"`
	}
	if err := json.Unmarshal(body, &problem); code != 409 || err != nil || problem.Detail == "" {
		t.Fatalf("restoring a route whose pair is taken: %d %s, want a 409 with a detail", code, body)
	}
	showDeleted(tb, true)
	confirm(tb, row+".deleted button.restore")
	tb.waitJS("the refusal is shown on the route's row", fmt.Sprintf(`(document.querySelector(%q + ' .error')?.textContent || '').trim() !== ''`, row))
	said := evalJS[string](tb, "the row's error", fmt.Sprintf(`document.querySelector(%q + ' .error').textContent`, row))
	if !strings.Contains(said, problem.Detail) {
		t.Errorf("the row says %q, want the API's detail %q", said, problem.Detail)
	}
	if _, ok := hubRoutes(t, master, hub.HubID, true)[route.RouteID]; !ok {
		t.Errorf("the refused restore changed route %s: it is no longer deleted", route.RouteID)
	}
	tb.checkAccessibility("hub-route-restore-refused")

	// The shippers and the companies: one deleted through the API, restored from its section.
	for _, c := range []struct{ section, path, idField, kind string }{
		{"hub-shippers", "shippers", "shipperId", "shipper"},
		{"hub-companies", "companies", "companyId", "company"},
	} {
		body := map[string]any{"hubId": hub.HubID, "shipperId": uuid.NewString(), "shipperType": "SHIPPER_HUB"}
		if c.kind == "company" {
			body = map[string]any{"hubId": hub.HubID, "companyName": "복원 시험 업체", "address": map[string]string{"address1": "서울특별시 중구 세종대로 110"}}
		}
		var made map[string]any
		h := master.call("POST", "/api/v1/"+c.path, body, &made)
		id, _ := made[c.idField].(string)
		master.call("DELETE", "/api/v1/"+c.path+"/"+id, nil, nil, "If-Match", h.Get("ETag"))
		row := fmt.Sprintf(`#%s tr[data-%s-id=%q]`, c.section, c.kind, id)
		tb.click("#" + c.section + "-deleted")
		tb.waitJS("the deleted "+c.kind+" is listed", fmt.Sprintf(`!!document.querySelector(%q + '.deleted button.restore')`, row))
		confirm(tb, row+" button.restore")
		tb.waitJS("the restored "+c.kind+" leaves the deleted ones", fmt.Sprintf(`!document.querySelector(%q)`, row))
		tb.click("#" + c.section + "-deleted")
		tb.waitJS("the restored "+c.kind+" is back among the live ones", fmt.Sprintf(`!!document.querySelector(%q + ':not(.deleted)')`, row))
		var got struct {
			IsDeleted bool `json:"isDeleted"`
		}
		master.call("GET", "/api/v1/"+c.path+"/"+id, nil, &got)
		if got.IsDeleted {
			t.Errorf("after the restore GET /api/v1/%s/%s is still deleted", c.path, id)
		}
	}
	tb.screenshot("hub-restored")
}

// consoleLiveMap: an open map follows the event stream: a route created through the API is drawn
// as a new line, and goes when it is deleted, without a reload; the path finder's hub choices
// are redrawn, not doubled.
func consoleLiveMap(t *testing.T, b *browser, master consoleAPI) {
	var hubs struct {
		Content []struct {
			HubID    string `json:"hubId"`
			Location *struct {
				Latitude  float64 `json:"latitude"`
				Longitude float64 `json:"longitude"`
			} `json:"location"`
		} `json:"content"`
	}
	master.call("GET", "/api/v1/hubs?size=100", nil, &hubs)
	linked := map[[2]string]bool{}
	var routes struct {
		Content []routeJSON `json:"content"`
	}
	master.call("GET", "/api/v1/hub-routes?size=100", nil, &routes)
	for _, r := range routes.Content {
		linked[[2]string{r.DepartureHubID, r.ArrivalHubID}] = true
	}
	// Two located hubs with no route from the first to the second; the road is half as long
	// again as the great circle (the API refuses a shorter one).
	var body map[string]any
	for _, a := range hubs.Content {
		for _, c := range hubs.Content {
			if body != nil || a.HubID == c.HubID || a.Location == nil || c.Location == nil || linked[[2]string{a.HubID, c.HubID}] {
				continue
			}
			rad := math.Pi / 180
			p1, p2 := a.Location.Latitude*rad, c.Location.Latitude*rad
			h := math.Pow(math.Sin((p2-p1)/2), 2) + math.Cos(p1)*math.Cos(p2)*math.Pow(math.Sin((c.Location.Longitude-a.Location.Longitude)*rad/2), 2)
			km := math.Ceil(2*6371.0088*math.Asin(math.Sqrt(h))*1.5) + 1
			body = map[string]any{"departureHubId": a.HubID, "arrivalHubId": c.HubID, "distanceKm": km, "durationMinutes": 300}
		}
	}
	if body == nil {
		t.Fatal("every pair of located hubs has a route")
	}

	tb := b.newTab(t, "live-map")
	signIn(tb, "MASTER", "")
	tb.open("#/map")
	tb.waitJS(fmt.Sprintf("%d route lines", len(routes.Content)),
		fmt.Sprintf(`document.querySelectorAll('svg#map line.route-line[data-route-id]').length === %d`, len(routes.Content)))
	tb.waitJS("the map follows the stream", `document.querySelector('#view-map').dataset.live === 'stream'`)
	options := tb.count("#path-from option")
	evalJS[bool](tb, "mark the page", `window.__sameDocument = true`)

	var created routeJSON
	master.call("POST", "/api/v1/hub-routes", body, &created)
	line := fmt.Sprintf(`svg#map line.route-line[data-route-id=%q]`, created.RouteID)
	tb.waitJS("the created route is drawn", fmt.Sprintf(`!!document.querySelector(%q)`, line))
	if n := tb.count("svg#map line.route-line"); n != len(routes.Content)+1 {
		t.Errorf("%d route lines after the create, want %d", n, len(routes.Content)+1)
	}
	if n := tb.count("#path-from option"); n != options {
		t.Errorf("#path-from has %d options after the redraw, %d before", n, options)
	}
	tb.screenshot("map-live-route")

	h := master.call("GET", "/api/v1/hub-routes/"+created.RouteID, nil, nil)
	master.call("DELETE", "/api/v1/hub-routes/"+created.RouteID, nil, nil, "If-Match", h.Get("ETag"))
	tb.waitJS("the deleted route goes", fmt.Sprintf(`!document.querySelector(%q)`, line))
	if !evalJS[bool](tb, "the page was not reloaded", `window.__sameDocument === true`) {
		t.Error("the map was reloaded to show the route")
	}
}
