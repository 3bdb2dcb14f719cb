package console_test

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/interfaces/console"
)

func newServer(t *testing.T) *echo.Echo {
	t.Helper()
	e := echo.New()
	if err := console.Register(e); err != nil {
		t.Fatal(err)
	}
	return e
}

func do(e *echo.Echo, method, target string, header http.Header) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec
}

// TestConsoleServesItsFilesWithAStrictPolicy: the page, its modules and the docs come from the
// binary, each with a policy that lets nothing from elsewhere run, and an ETag to revalidate by.
func TestConsoleServesItsFilesWithAStrictPolicy(t *testing.T) {
	e := newServer(t)
	for _, tc := range []struct{ path, typ, body string }{
		{"/console/", "text/html", `<script type="module" src="app.js">`},
		{"/console/app.js", "text/javascript", "export function go"},
		{"/console/style.css", "text/css", ":root"},
		{"/docs/", "text/html", "<title>hubd API reference</title>"},
		{"/docs/docs.js", "text/javascript", "SwaggerUIBundle({"},
		{"/docs/vendor/swagger-ui/swagger-ui-bundle.js", "text/javascript", "SwaggerUIBundle"},
		{"/docs/vendor/swagger-ui/swagger-ui.css", "text/css", ".swagger-ui"},
		{"/docs/vendor/swagger-ui/LICENSE", "", "Apache License"},
		{"/console/views/map.js", "text/javascript", "export function render"},
		{"/console/map/korea.json", "application/json", `"MultiPolygon"`},
	} {
		rec := do(e, http.MethodGet, tc.path, nil)
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), tc.typ) ||
			!strings.Contains(rec.Body.String(), tc.body) {
			t.Errorf("GET %s = %d %q, body has %q: %v", tc.path, rec.Code, rec.Header().Get("Content-Type"), tc.body,
				strings.Contains(rec.Body.String(), tc.body))
			continue
		}
		csp := rec.Header().Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "script-src 'self'") ||
			strings.Contains(csp, "unsafe") || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: policy %q, nosniff %q", tc.path, csp, rec.Header().Get("X-Content-Type-Options"))
		}
		etag := rec.Header().Get("ETag")
		again := do(e, http.MethodGet, tc.path, http.Header{"If-None-Match": {etag}})
		if etag == "" || again.Code != http.StatusNotModified {
			t.Errorf("GET %s with If-None-Match %q = %d, want 304", tc.path, etag, again.Code)
		}
		if head := do(e, http.MethodHead, tc.path, nil); head.Code != http.StatusOK || head.Body.Len() != 0 {
			t.Errorf("HEAD %s = %d with %d bytes", tc.path, head.Code, head.Body.Len())
		}
	}
}

// TestConsoleRedirectsAndRefusesUnknownFiles: the bare paths lead to the console; a file that is
// not there is 404, and no path climbs out of the embedded tree.
func TestConsoleRedirectsAndRefusesUnknownFiles(t *testing.T) {
	e := newServer(t)
	for from, to := range map[string]string{"/": "/console/", "/console": "/console/", "/docs": "/docs/"} {
		if rec := do(e, http.MethodGet, from, nil); rec.Code != http.StatusFound || rec.Header().Get("Location") != to {
			t.Errorf("GET %s = %d to %q, want 302 to %s", from, rec.Code, rec.Header().Get("Location"), to)
		}
	}
	for _, p := range []string{"/console/nope.js", "/console/../console.go", "/console/%2e%2e/console.go", "/docs/nope"} {
		if rec := do(e, http.MethodGet, p, nil); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, rec.Code)
		}
	}
}

// TestDocsLoadsOnlyTheVendoredSwaggerUI: the docs page names its scripts and styles by paths
// that the binary serves (no CDN, no inline script), and Swagger UI is told not to ask its
// validator on the internet. The browser tests' axe-core and the map's source data are not
// served: only what a page loads is in the binary.
func TestDocsLoadsOnlyTheVendoredSwaggerUI(t *testing.T) {
	e := newServer(t)
	page := do(e, http.MethodGet, "/docs/", nil).Body.String()
	for _, ref := range []string{"vendor/swagger-ui/swagger-ui-bundle.js", "vendor/swagger-ui/swagger-ui.css", "docs.js", "docs.css"} {
		if !strings.Contains(page, `"`+ref+`"`) {
			t.Errorf("/docs/ does not load %s", ref)
		}
		if rec := do(e, http.MethodGet, "/docs/"+ref, nil); rec.Code != http.StatusOK {
			t.Errorf("GET /docs/%s = %d", ref, rec.Code)
		}
	}
	if strings.Contains(page, "<script>") || strings.Contains(page, "http://") || strings.Contains(page, "https://") {
		t.Errorf("/docs/ has an inline script or an outside address:\n%s", page)
	}
	if js := do(e, http.MethodGet, "/docs/docs.js", nil).Body.String(); !strings.Contains(js, "validatorUrl: null") ||
		!strings.Contains(js, "url: '/openapi.json'") {
		t.Errorf("docs.js does not render /openapi.json without the outside validator:\n%s", js)
	}
	for _, p := range []string{
		"/docs/vendor/axe-core/axe.min.js", "/console/third_party/axe-core/axe.min.js", "/docs/vendor/swagger-ui/package.json",
		"/docs/vendor/swagger-ui/", "/docs/vendor/world-atlas/mkkorea.mjs",
	} {
		if rec := do(e, http.MethodGet, p, nil); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, rec.Code)
		}
	}
}

// TestMapOutlineIsSouthKorea: the embedded outline is one small GeoJSON MultiPolygon whose
// points all lie in South Korea's box (Marado to the DMZ, Baengnyeong to Dokdo), rounded to 4
// decimals, and the view's projection box (map-geo.js) is the outline's bbox.
func TestMapOutlineIsSouthKorea(t *testing.T) {
	e := newServer(t)
	rec := do(e, http.MethodGet, "/console/map/korea.json", nil)
	if rec.Body.Len() > 80_000 {
		t.Errorf("korea.json is %d bytes, want a small outline", rec.Body.Len())
	}
	var korea struct {
		Type       string    `json:"type"`
		BBox       []float64 `json:"bbox"`
		Properties struct {
			Source string `json:"source"`
		} `json:"properties"`
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates [][][][]float64 `json:"coordinates"`
		} `json:"geometry"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &korea); err != nil {
		t.Fatal(err)
	}
	if korea.Type != "Feature" || korea.Geometry.Type != "MultiPolygon" || !strings.Contains(korea.Properties.Source, "Natural Earth") {
		t.Fatalf("korea.json is a %s of %s from %q", korea.Type, korea.Geometry.Type, korea.Properties.Source)
	}
	points := 0
	for _, polygon := range korea.Geometry.Coordinates {
		for _, ring := range polygon {
			if len(ring) < 4 || ring[0][0] != ring[len(ring)-1][0] || ring[0][1] != ring[len(ring)-1][1] {
				t.Errorf("a ring of %d points is not closed", len(ring))
			}
			for _, p := range ring {
				points++
				lon, lat := p[0], p[1]
				if lon < 124.5 || lon > 132 || lat < 33 || lat > 38.7 {
					t.Fatalf("point %v lies outside South Korea", p)
				}
			}
		}
	}
	if long := regexp.MustCompile(`\d\.\d{5,}`).FindString(rec.Body.String()); long != "" {
		t.Errorf("korea.json has a coordinate with more than 4 decimals: %s", long)
	}
	if points < 500 {
		t.Errorf("the outline has %d points, too coarse for the map", points)
	}
	geo := do(e, http.MethodGet, "/console/views/map-geo.js", nil).Body.String()
	bbox, _ := json.Marshal(korea.BBox)
	if !strings.Contains(geo, "KOREA_BBOX = "+strings.ReplaceAll(string(bbox), ",", ", ")) {
		t.Errorf("map-geo.js does not fit the outline's bbox %s", bbox)
	}
}

// TestFaviconIsNoContent: browsers ask for /favicon.ico on every page; hubd answers that it has
// none (204) rather than 404, which a browser logs as a console error.
func TestFaviconIsNoContent(t *testing.T) {
	e := newServer(t)
	for _, m := range []string{http.MethodGet, http.MethodHead} {
		if rec := do(e, m, "/favicon.ico", nil); rec.Code != http.StatusNoContent || rec.Body.Len() != 0 {
			t.Errorf("%s /favicon.ico = %d with %d bytes, want 204", m, rec.Code, rec.Body.Len())
		}
	}
}

// TestDictionariesHaveTheSameKeys: every label of the console exists in Korean and in English, so
// a switch of language never shows a key or falls back to the other language.
func TestDictionariesHaveTheSameKeys(t *testing.T) {
	files := map[string]string{"ko": "web/console/i18n/ko.js", "en": "web/console/i18n/en.js"}
	keys := func(lang string) map[string]bool {
		b, err := fs.ReadFile(os.DirFS("."), files[lang])
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, m := range regexp.MustCompile(`(?m)^\s*'([a-zA-Z0-9_.,-]+)':`).FindAllStringSubmatch(string(b), -1) {
			if out[m[1]] {
				t.Errorf("%s.js has %q twice", lang, m[1])
			}
			out[m[1]] = true
		}
		return out
	}
	ko, en := keys("ko"), keys("en")
	if len(ko) < 100 {
		t.Fatalf("ko.js has %d keys: the pattern no longer reads the dictionary", len(ko))
	}
	for k := range ko {
		if !en[k] {
			t.Errorf("en.js lacks %q", k)
		}
	}
	for k := range en {
		if !ko[k] {
			t.Errorf("ko.js lacks %q", k)
		}
	}
}
