// Package console serves the web console (/console/) and the API reference (/docs/): static
// files embedded in the binary, so that hubd needs no outside network and no build step. The
// console is a client of the public API and of nothing else: it has no endpoint of its own here.
package console

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// web holds the console and the docs page.
//
//go:embed all:web
var web embed.FS

// swaggerUI is the part of third_party/ (refreshed by `make web-vendor`) that a page loads:
// Swagger UI for /docs/, served at /docs/vendor/swagger-ui/ with its licences. The rest of
// third_party (axe-core for the browser tests, the map's source data) stays out of the binary.
//
//go:embed third_party/swagger-ui-dist/swagger-ui-bundle.js third_party/swagger-ui-dist/swagger-ui.css
//go:embed third_party/swagger-ui-dist/LICENSE third_party/swagger-ui-dist/NOTICE
//go:embed third_party/swagger-ui-dist/swagger-ui-bundle.js.LICENSE.txt
var swaggerUI embed.FS

// mounts places each embedded tree below the site's root (web/): the vendored files appear
// under the page that loads them.
var mounts = []struct {
	files      embed.FS
	dir, under string
}{
	{web, "web", ""},
	{swaggerUI, "third_party/swagger-ui-dist", "docs/vendor/swagger-ui"},
}

// securityHeaders are sent with every file: the pages load nothing from elsewhere, run no
// inline script and may not be framed. Swagger UI and the map draw data: images (SVG icons).
var securityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
		"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
	"X-Content-Type-Options": "nosniff",
	"Referrer-Policy":        "no-referrer",
	"X-Frame-Options":        "DENY",
}

// Register adds GET and HEAD routes for /console/ and /docs/ (and redirects /, /console and
// /docs to them) to e. The files are revalidated on every load (Cache-Control: no-cache) by a
// content hash ETag, so that a new binary's console is never mixed with an old one's cache.
func Register(e *echo.Echo) error {
	site, err := newSite()
	if err != nil {
		return err
	}
	for _, prefix := range []string{"/console/", "/docs/"} {
		e.GET(prefix+"*", site.serve)
		e.HEAD(prefix+"*", site.serve)
		to := prefix
		redirect := func(c echo.Context) error { return c.Redirect(http.StatusFound, to) }
		e.GET(strings.TrimSuffix(prefix, "/"), redirect)
		e.HEAD(strings.TrimSuffix(prefix, "/"), redirect)
	}
	home := func(c echo.Context) error { return c.Redirect(http.StatusFound, "/console/") }
	e.GET("/", home)
	e.HEAD("/", home)
	// A browser asks every origin for /favicon.ico; hubd has no icon, and a 404 would be a
	// console error on every page.
	noIcon := func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "max-age=86400")
		return c.NoContent(http.StatusNoContent)
	}
	e.GET("/favicon.ico", noIcon)
	e.HEAD("/favicon.ico", noIcon)
	return nil
}

type site struct {
	files map[string]file // URL path without its leading slash → the file
}

type file struct {
	fsys fs.FS
	name string // in fsys
	etag string // quoted content hash
}

func newSite() (*site, error) {
	s := &site{files: map[string]file{}}
	for _, m := range mounts {
		root, err := fs.Sub(m.files, m.dir)
		if err != nil {
			return nil, err
		}
		err = fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(root, p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			s.files[path.Join(m.under, p)] = file{fsys: root, name: p, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return s, nil
}

// serve answers a file below /console/ or /docs/; a directory answers its index.html, and a
// path that names no file is 404 (the console routes with the URL's fragment, so it needs no
// fallback page for deep links). http.ServeContent answers conditional and range requests.
func (s *site) serve(c echo.Context) error {
	r := c.Request()
	p := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if strings.HasSuffix(r.URL.Path, "/") {
		p = path.Join(p, "index.html")
	}
	entry, ok := s.files[p]
	if !ok {
		return echo.ErrNotFound
	}
	f, err := entry.fsys.Open(entry.name)
	if err != nil {
		return echo.ErrNotFound
	}
	defer func() { _ = f.Close() }()
	content, ok := f.(io.ReadSeeker) // embed.FS files are
	if !ok {
		return echo.ErrNotFound
	}
	h := c.Response().Header()
	for k, v := range securityHeaders {
		h.Set(k, v)
	}
	h.Set("Cache-Control", "no-cache")
	h.Set("ETag", entry.etag)
	http.ServeContent(c.Response(), r, path.Base(p), time.Time{}, content)
	return nil
}
