package httpapi

import (
	"github.com/labstack/echo/v4"
)

// Module is one aggregate's HTTP interface (hubapi, and the next aggregates' packages): it adds
// its routes under /api/v1, with the middleware every API route has. The server imports no
// aggregate: cmd/hubd hands it the modules.
type Module interface {
	Routes(r *Routes)
}

// Routes is what a Module registers its routes through: the API group and the middleware chains
// of the server (authentication, rate limits, the request deadline; Idempotency-Key for creates
// and restores), and the cursor codec of its searches.
type Routes struct {
	api      *echo.Group
	mw, idem []echo.MiddlewareFunc
	cursors  cursorCodec
}

// GET adds a GET route and its HEAD twin (every GET route answers HEAD).
func (r *Routes) GET(path string, h echo.HandlerFunc) { getAndHead(r.api, path, h, r.mw...) }

// POST adds a POST route; idempotent ones keep their outcome under an Idempotency-Key.
func (r *Routes) POST(path string, h echo.HandlerFunc, idempotent bool) {
	if idempotent {
		r.api.POST(path, h, r.idem...)
		return
	}
	r.api.POST(path, h, r.mw...)
}

// PUT adds a PUT route.
func (r *Routes) PUT(path string, h echo.HandlerFunc) { r.api.PUT(path, h, r.mw...) }

// PATCH adds a PATCH route.
func (r *Routes) PATCH(path string, h echo.HandlerFunc) { r.api.PATCH(path, h, r.mw...) }

// DELETE adds a DELETE route.
func (r *Routes) DELETE(path string, h echo.HandlerFunc) { r.api.DELETE(path, h, r.mw...) }
