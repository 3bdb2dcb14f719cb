package hubapi

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// batchGetInput is the body of a batch look-up.
type batchGetInput struct {
	HubIDs *hubIDList `json:"hubIds"`
}

// hubIDList is a JSON array of canonical UUID strings; a bad element is named by its index.
type hubIDList []uuid.UUID

// UnmarshalJSON refuses anything but an array of canonical UUIDs, naming the first bad element
// ("hubIds[3]").
func (l *hubIDList) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return &httpapi.InvalidField{Field: "hubIds", Message: "must be an array of UUID strings"}
	}
	ids := make(hubIDList, len(raw))
	for i, r := range raw {
		var s string
		id, ok := uuid.Nil, json.Unmarshal(r, &s) == nil
		if ok {
			id, ok = httpapi.ParseUUID(s)
		}
		if !ok {
			return &httpapi.InvalidField{Field: "hubIds[" + strconv.Itoa(i) + "]", Message: "must be a UUID"}
		}
		ids[i] = id
	}
	*l = ids
	return nil
}

// hubBatchJSON is a batch look-up's answer: the hubs found in the order asked, and the ids not
// found (or not visible to the caller), in the same order.
type hubBatchJSON struct {
	Content  []hubJSON   `json:"content"`
	NotFound []uuid.UUID `json:"notFound"`
}

// batchGetHubs is POST /api/v1/hubs/batch-get: POST, because the ids travel in a strict JSON
// body (GET /hubs?hubId= is the search's equality filter already, and a query string of 100
// UUIDs is 3.7 kB, near what some proxies accept); it reads and changes nothing, like a GET.
func (a *API) batchGetHubs(c echo.Context) error {
	body, err := httpapi.ReadJSONBody(c, httpapi.MediaJSON)
	if err != nil {
		return err
	}
	var in batchGetInput
	if err := httpapi.DecodeStrict(body, &in); err != nil {
		return err
	}
	if in.HubIDs == nil {
		return httpapi.BadBody("hubIds is required", httpapi.FieldError{Field: "hubIds", Message: "is required"})
	}
	b, err := a.uc.BatchGet.Handle(c.Request().Context(), query.BatchGetHubs{Actor: httpapi.Actor(c), HubIDs: *in.HubIDs})
	if err != nil {
		return err
	}
	out := hubBatchJSON{Content: make([]hubJSON, len(b.Found)), NotFound: b.NotFound}
	for i, v := range b.Found {
		out.Content[i] = hubJSONOf(v)
	}
	return httpapi.WriteJSON(c, http.StatusOK, out)
}
