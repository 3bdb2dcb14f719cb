package httpapi

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/domain/paging"
)

// Resource is the HTTP of one aggregate's collection: create, search, and GET, PUT, PATCH,
// DELETE and restore of an item. What differs between the aggregates is the id's path
// parameter, the search's filters, the use cases and the view's JSON; the rest (the id parsed,
// the body read under its media types, If-Match and If-None-Match read, ETag and Location set,
// the search's paging and cursor, the status) is every aggregate's, and is here once so that
// they cannot drift apart. C is the aggregate's search condition, V its view.
type Resource[C, V any] struct {
	// Param is the path parameter of the item's id: "hubId".
	Param string
	// Path is the collection's path, under /api/v1 ("/api/v1/hubs"); a created item's Location
	// is Path + "/" + its id.
	Path string
	// Key is the view's id and version (its ETag).
	Key func(V) (uuid.UUID, int64)
	// Append appends the view's JSON.
	Append func([]byte, V) []byte
	// Spec is the search's outside: its filters and sortable fields.
	Spec *SearchSpec
	// Condition reads the search's filters, checked (a bad value is a 400 that names its
	// parameter); self is the caller's sub, which a "me" filter stands for.
	Condition func(q url.Values, deleted bool, self uuid.UUID) (C, error)
	// Fingerprint is what of a condition a cursor must not outlive (Page adds the sort).
	Fingerprint func(C) []string
}

// Target is the item a change names: who asks, which item, and the version If-Match expects
// (IfMatchVersion: 0 for none). It is the application's, so a use case that takes no more
// (every aggregate's delete and restore) is handed it as it is.
type Target = access.Target

// Items are an aggregate's use cases, as a Resource hands them the request: the id parsed, the
// body read, the caller and If-Match's version known, the search's condition checked.
type Items[C, V any] struct {
	Create  func(ctx context.Context, actor access.Actor, body []byte) (V, error)
	Search  func(ctx context.Context, q readmodel.Find[C]) (paging.Page[V], error)
	Get     func(ctx context.Context, q readmodel.One) (V, error)
	Replace func(ctx context.Context, t Target, body []byte) (V, error)
	Patch   func(ctx context.Context, t Target, body []byte) (V, error)
	Delete  func(ctx context.Context, t Target) error
	Restore func(ctx context.Context, t Target) (V, error)
}

// Register adds the collection's endpoints: POST Path (create), GET Path (search), GET, PUT,
// PATCH and DELETE Path/{id}, and POST Path/{id}/restore. Create and restore keep their outcome
// under an Idempotency-Key (a retry must not make a second item, nor answer 409 for the restore
// it made).
func (r Resource[C, V]) Register(routes *Routes, it Items[C, V]) {
	base := strings.TrimPrefix(r.Path, "/api/v1")
	item := base + "/:" + r.Param
	routes.POST(base, r.create(it.Create), true)
	routes.GET(base, r.search(routes, it.Search))
	routes.GET(item, r.get(it.Get))
	routes.PUT(item, r.change(it.Replace, MediaJSON))
	// A PATCH is a JSON Merge Patch; plain JSON is taken too.
	routes.PATCH(item, r.change(it.Patch, MediaMergePatch, MediaJSON))
	routes.DELETE(item, func(c echo.Context) error {
		t, err := r.target(c)
		if err == nil {
			err = it.Delete(c.Request().Context(), t)
		}
		if err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	})
	routes.POST(item+"/restore", r.answer(func(c echo.Context, t Target) (V, error) {
		return it.Restore(c.Request().Context(), t)
	}), true)
}

// Write sends one view with its ETag.
func (r Resource[C, V]) Write(c echo.Context, status int, v V) error {
	_, version := r.Key(v)
	c.Response().Header().Set("ETag", ETag(version))
	return WriteBody(c, status, func(b []byte) []byte { return r.Append(b, v) })
}

// create is POST to the collection: a JSON body, and 201 with the created item's Location.
func (r Resource[C, V]) create(create func(ctx context.Context, actor access.Actor, body []byte) (V, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		var created V
		body, err := ReadJSONBody(c, MediaJSON)
		if err == nil {
			created, err = create(c.Request().Context(), Actor(c), body)
		}
		if err != nil {
			return err
		}
		id, _ := r.Key(created)
		c.Response().Header().Set(echo.HeaderLocation, r.Path+"/"+id.String())
		return r.Write(c, http.StatusCreated, created)
	}
}

// search is GET of the collection: the query parsed strictly, the condition read, and a page.
func (r Resource[C, V]) search(routes *Routes,
	search func(ctx context.Context, q readmodel.Find[C]) (paging.Page[V], error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		q, pr, err := r.Spec.Parse(c.Request().URL.RawQuery)
		if err != nil {
			return err
		}
		actor := Actor(c)
		cond, err := r.Condition(q, pr.Deleted, actor.ID)
		if err != nil {
			return err
		}
		return Page(c, routes, r.Spec, pr, r.Fingerprint(cond), func(p paging.Pageable) (paging.Page[V], error) {
			return search(c.Request().Context(), readmodel.Find[C]{Actor: actor, Condition: cond, Pageable: p})
		}, r.Append)
	}
}

// get is GET (and HEAD) of one item: 304 when If-None-Match names its current tag.
func (r Resource[C, V]) get(get func(ctx context.Context, q readmodel.One) (V, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := UUIDParam(c, r.Param)
		if err != nil {
			return err
		}
		v, err := get(c.Request().Context(), readmodel.One{Actor: Actor(c), ID: id})
		if err != nil {
			return err
		}
		_, version := r.Key(v)
		if inm := c.Request().Header.Get("If-None-Match"); inm != "" && NoneMatch(inm, ETag(version)) {
			c.Response().Header().Set("ETag", ETag(version))
			return c.NoContent(http.StatusNotModified)
		}
		return r.Write(c, http.StatusOK, v)
	}
}

// change is PUT and PATCH: the id, then the body under media, handed to the use case.
func (r Resource[C, V]) change(do func(ctx context.Context, t Target, body []byte) (V, error), media ...string) echo.HandlerFunc {
	return r.answer(func(c echo.Context, t Target) (V, error) {
		body, err := ReadJSONBody(c, media...)
		if err != nil {
			var zero V
			return zero, err
		}
		return do(c.Request().Context(), t, body)
	})
}

// answer is a change of the item the path names that answers 200 with the item.
func (r Resource[C, V]) answer(do func(c echo.Context, t Target) (V, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		t, err := r.target(c)
		if err != nil {
			return err
		}
		v, err := do(c, t)
		if err != nil {
			return err
		}
		return r.Write(c, http.StatusOK, v)
	}
}

func (r Resource[C, V]) target(c echo.Context) (Target, error) {
	id, err := UUIDParam(c, r.Param)
	if err != nil {
		return Target{}, err
	}
	return Target{Actor: Actor(c), ID: id, IfVersion: IfMatch(c)}, nil
}
