package httpapi

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/domain/paging"
)

// Resource is the HTTP of one aggregate's endpoints of an item: create, GET, PUT, PATCH, DELETE
// and restore. What differs between the aggregates is the id's path parameter, the use cases
// and the view's JSON; the rest (the id parsed, the body read under its media types, If-Match
// and If-None-Match read, ETag and Location set, the status) is every aggregate's, and is here
// once so that they cannot drift apart.
type Resource[V any] struct {
	// Param is the path parameter of the item's id: "hubId".
	Param string
	// Path is the collection's path, under /api/v1 ("/api/v1/hubs"); a created item's Location
	// is Path + "/" + its id.
	Path string
	// Key is the view's id and version (its ETag).
	Key func(V) (uuid.UUID, int64)
	// Append appends the view's JSON.
	Append func([]byte, V) []byte
}

// Target is the item a change names: who asks, which item, and the version If-Match expects
// (IfMatchVersion: 0 for none).
type Target struct {
	Actor     access.Actor
	ID        uuid.UUID
	IfVersion int64
}

// Items are an aggregate's item use cases, as a Resource hands them the request: the id parsed,
// the body read, the caller and If-Match's version known.
type Items[V any] struct {
	Create  func(ctx context.Context, actor access.Actor, body []byte) (V, error)
	Get     func(ctx context.Context, actor access.Actor, id uuid.UUID) (V, error)
	Replace func(ctx context.Context, t Target, body []byte) (V, error)
	Patch   func(ctx context.Context, t Target, body []byte) (V, error)
	Delete  func(ctx context.Context, t Target) error
	Restore func(ctx context.Context, t Target) (V, error)
}

// Register adds the item endpoints: POST Path (create), GET, PUT, PATCH and DELETE Path/{id},
// and POST Path/{id}/restore. Create and restore keep their outcome under an Idempotency-Key
// (a retry must not make a second item, nor answer 409 for the restore it made).
func (r Resource[V]) Register(routes *Routes, it Items[V]) {
	base := strings.TrimPrefix(r.Path, "/api/v1")
	item := base + "/:" + r.Param
	routes.POST(base, r.Create(it.Create), true)
	routes.GET(item, r.Get(it.Get))
	routes.PUT(item, r.Replace(it.Replace))
	routes.PATCH(item, r.Patch(it.Patch))
	routes.DELETE(item, r.Delete(it.Delete))
	routes.POST(item+"/restore", r.Restore(it.Restore), true)
}

// Write sends one view with its ETag.
func (r Resource[V]) Write(c echo.Context, status int, v V) error {
	_, version := r.Key(v)
	c.Response().Header().Set("ETag", ETag(version))
	return WriteBody(c, status, func(b []byte) []byte { return r.Append(b, v) })
}

// Create is POST to the collection: a JSON body, and 201 with the created item's Location.
func (r Resource[V]) Create(create func(ctx context.Context, actor access.Actor, body []byte) (V, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		body, err := ReadJSONBody(c, MediaJSON)
		if err != nil {
			return err
		}
		created, err := create(c.Request().Context(), Actor(c), body)
		if err != nil {
			return err
		}
		id, _ := r.Key(created)
		c.Response().Header().Set(echo.HeaderLocation, r.Path+"/"+id.String())
		return r.Write(c, http.StatusCreated, created)
	}
}

// Get is GET (and HEAD) of one item: 304 when If-None-Match names its current tag.
func (r Resource[V]) Get(get func(ctx context.Context, actor access.Actor, id uuid.UUID) (V, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := UUIDParam(c, r.Param)
		if err != nil {
			return err
		}
		v, err := get(c.Request().Context(), Actor(c), id)
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

// Replace is PUT of one item: a JSON body.
func (r Resource[V]) Replace(replace func(ctx context.Context, t Target, body []byte) (V, error)) echo.HandlerFunc {
	return r.change(replace, MediaJSON)
}

// Patch is PATCH of one item: a JSON Merge Patch (or, leniently, plain JSON).
func (r Resource[V]) Patch(patch func(ctx context.Context, t Target, body []byte) (V, error)) echo.HandlerFunc {
	return r.change(patch, MediaMergePatch, MediaJSON)
}

// change reads the id, then the body, then hands both to the use case; 200 with the item.
func (r Resource[V]) change(do func(ctx context.Context, t Target, body []byte) (V, error), media ...string) echo.HandlerFunc {
	return func(c echo.Context) error {
		t, err := r.target(c)
		if err != nil {
			return err
		}
		body, err := ReadJSONBody(c, media...)
		if err != nil {
			return err
		}
		updated, err := do(c.Request().Context(), t, body)
		if err != nil {
			return err
		}
		return r.Write(c, http.StatusOK, updated)
	}
}

// Restore is POST …/{id}/restore: no body, 200 with the restored item.
func (r Resource[V]) Restore(restore func(ctx context.Context, t Target) (V, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		t, err := r.target(c)
		if err != nil {
			return err
		}
		restored, err := restore(c.Request().Context(), t)
		if err != nil {
			return err
		}
		return r.Write(c, http.StatusOK, restored)
	}
}

// Delete is DELETE of one item: 204, whatever the use case answers besides.
func (r Resource[V]) Delete(del func(ctx context.Context, t Target) error) echo.HandlerFunc {
	return func(c echo.Context) error {
		t, err := r.target(c)
		if err != nil {
			return err
		}
		if err := del(c.Request().Context(), t); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
}

func (r Resource[V]) target(c echo.Context) (Target, error) {
	id, err := UUIDParam(c, r.Param)
	if err != nil {
		return Target{}, err
	}
	return Target{Actor: Actor(c), ID: id, IfVersion: IfMatch(c)}, nil
}

// Search is an aggregate's search endpoint, GET of the collection: what differs between the
// aggregates is the spec, the condition read from the filters and the use case; the paging,
// the cursor and the page's JSON are Page's.
type Search[C, V any] struct {
	Spec *SearchSpec
	// Condition reads the aggregate's filters, checked (a bad value is a 400 that names its
	// parameter); self is the caller's sub, which a "me" filter stands for.
	Condition func(q url.Values, deleted bool, self uuid.UUID) (C, error)
	// Fingerprint is what of a condition a cursor must not outlive (Page adds the sort).
	Fingerprint func(C) []string
	// Run is the search use case.
	Run func(ctx context.Context, actor access.Actor, cond C, p paging.Pageable) (paging.Page[V], error)
}

// Handler answers the search through routes (its cursor codec), each item by appendItem.
func (s Search[C, V]) Handler(routes *Routes, appendItem func([]byte, V) []byte) echo.HandlerFunc {
	return func(c echo.Context) error {
		q, pr, err := s.Spec.Parse(c.Request().URL.RawQuery)
		if err != nil {
			return err
		}
		actor := Actor(c)
		cond, err := s.Condition(q, pr.Deleted, actor.ID)
		if err != nil {
			return err
		}
		return Page(c, routes, s.Spec, pr, s.Fingerprint(cond), func(p paging.Pageable) (paging.Page[V], error) {
			return s.Run(c.Request().Context(), actor, cond, p)
		}, appendItem)
	}
}
