package httpapi

import (
	"errors"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
)

const hubsPath = "/api/v1/hubs"

func (s *server) createHub(c echo.Context) error {
	d, err := decodeHubInput(c)
	if err != nil {
		return err
	}
	created, err := s.app.Hubs.Create.Handle(c.Request().Context(), command.CreateHub{Actor: actor(c), Details: d})
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, hubsPath+"/"+created.ID.String())
	return writeHub(c, http.StatusCreated, created)
}

func (s *server) getHub(c echo.Context) error {
	id, err := hubIDParam(c)
	if err != nil {
		return err
	}
	v, err := s.app.Hubs.Get.Handle(c.Request().Context(), query.GetHub{Actor: actor(c), HubID: id})
	if err != nil {
		return err
	}
	if inm := c.Request().Header.Get("If-None-Match"); inm != "" && noneMatch(inm, etag(v.Version)) {
		c.Response().Header().Set("ETag", etag(v.Version))
		return c.NoContent(http.StatusNotModified)
	}
	return writeHub(c, http.StatusOK, v)
}

func (s *server) replaceHub(c echo.Context) error {
	id, err := hubIDParam(c)
	if err != nil {
		return err
	}
	d, err := decodeHubInput(c)
	if err != nil {
		return err
	}
	updated, err := s.app.Hubs.Update.Handle(c.Request().Context(), command.UpdateHub{
		Actor: actor(c), HubID: id, Details: d, IfVersion: ifMatchVersion(c.Request().Header.Get("If-Match")),
	})
	if err != nil {
		return err
	}
	return writeHub(c, http.StatusOK, updated)
}

func (s *server) patchHub(c echo.Context) error {
	id, err := hubIDParam(c)
	if err != nil {
		return err
	}
	body, err := readJSONBody(c, mediaMergePatch, mediaJSON)
	if err != nil {
		return err
	}
	patch, err := decodePatch(body)
	if err != nil {
		return err
	}
	updated, err := s.app.Hubs.Update.Patch(c.Request().Context(), command.PatchHub{
		Actor: actor(c), HubID: id, Patch: patch, IfVersion: ifMatchVersion(c.Request().Header.Get("If-Match")),
	})
	if err != nil {
		return err
	}
	return writeHub(c, http.StatusOK, updated)
}

func (s *server) deleteHub(c echo.Context) error {
	id, err := hubIDParam(c)
	if err != nil {
		return err
	}
	_, err = s.app.Hubs.Delete.Handle(c.Request().Context(), command.DeleteHub{
		Actor: actor(c), HubID: id, IfVersion: ifMatchVersion(c.Request().Header.Get("If-Match")),
	})
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *server) restoreHub(c echo.Context) error {
	id, err := hubIDParam(c)
	if err != nil {
		return err
	}
	restored, err := s.app.Hubs.Restore.Handle(c.Request().Context(), command.RestoreHub{
		Actor: actor(c), HubID: id, IfVersion: ifMatchVersion(c.Request().Header.Get("If-Match")),
	})
	if err != nil {
		return err
	}
	return writeHub(c, http.StatusOK, restored)
}

func (s *server) searchHubs(c echo.Context) error {
	sp, err := parseSearch(c.Request().URL.RawQuery, actor(c).ID)
	if err != nil {
		return err
	}
	fingerprint := searchFingerprint(sp)
	if sp.cursor != "" {
		if sp.pageable.After, err = s.cursors.decode(sp.cursor, fingerprint); err != nil {
			return badParam(paramCursor, "is not a cursor of this search (filters and sort must stay the same)")
		}
	}
	page, err := s.app.Hubs.Search.Handle(c.Request().Context(), query.SearchHubs{
		Actor: actor(c), Condition: sp.cond, Pageable: sp.pageable,
	})
	if errors.Is(err, paging.ErrInvalidPageable) && sp.pageable.After != nil {
		// Signed by us, but no longer fitting: e.g. made before an upgrade changed the sort keys.
		return badParam(paramCursor, "does not fit this search any more; start again without it")
	}
	if err != nil {
		return err
	}
	var next string
	if page.Next != nil {
		next = s.cursors.encode(page.Next, fingerprint)
	}
	c.Response().Header().Set("Link", linkHeader(hubsPath, c.Request().URL.RawQuery, page, next))
	return writeHubPage(c, page, next)
}

func writeHub(c echo.Context, status int, v query.HubView) error {
	c.Response().Header().Set("ETag", etag(v.Version))
	return writeHubBody(c, status, v)
}

func hubIDParam(c echo.Context) (uuid.UUID, error) {
	id, ok := parseUUID(c.Param("hubId"))
	if !ok {
		return uuid.Nil, badParam("hubId", "must be a UUID")
	}
	return id, nil
}

func decodeHubInput(c echo.Context) (hub.Details, error) {
	body, err := readJSONBody(c, mediaJSON)
	if err != nil {
		return hub.Details{}, err
	}
	var in hubInput
	if err := decodeStrict(body, &in); err != nil {
		return hub.Details{}, err
	}
	return in.details()
}
