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

// web holds the console and the docs page, and the third-party files they load (under
// web/vendor, refreshed by `make web-vendor`).
//
//go:embed all:web
var web embed.FS

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
	return nil
}

type site struct {
	root  fs.FS
	etags map[string]string // path below web/ → quoted content hash
}

func newSite() (*site, error) {
	root, err := fs.Sub(web, "web")
	if err != nil {
		return nil, err
	}
	s := &site{root: root, etags: map[string]string{}}
	err = fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		s.etags[p] = `"` + hex.EncodeToString(sum[:12]) + `"`
		return nil
	})
	return s, err
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
	etag, ok := s.etags[p]
	if !ok {
		return echo.ErrNotFound
	}
	f, err := s.root.Open(p)
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
	h.Set("ETag", etag)
	http.ServeContent(c.Response(), r, path.Base(p), time.Time{}, content)
	return nil
}
