package console_test

import (
	"net/http"
	"net/http/httptest"
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
