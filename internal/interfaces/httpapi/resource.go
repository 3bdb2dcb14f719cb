package httpapi

import (
	"context"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application/access"
)

// Resource is the HTTP of one aggregate's endpoints of an item: create, GET, PUT, PATCH, DELETE
// and restore. What differs between the aggregates is the id's path parameter, the use cases
// and the view's JSON; the rest (the id parsed, the body read under its media types, If-Match
// and If-None-Match read, ETag and Location set, the status) is every aggregate's, and is here
// once so that they cannot drift apart.
type Resource[V any] struct {
	// Param is the path parameter of the item's id: "hubId".
	Param string
	// Path is the collection's path; a created item's Location is Path + "/" + its id.
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
