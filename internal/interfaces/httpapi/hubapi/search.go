package hubapi

import (
	"errors"
	"net/url"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// The hub search's own parameters; the paging ones are every search's (httpapi.SearchSpec).
const (
	paramHubID     = "hubId"
	paramHubName   = "hubName"
	paramManagerID = "hubManagerId"
	paramQ         = "q"
)

// searchSpec is GET /api/v1/hubs: its filters and the fields it sorts by.
var searchSpec = httpapi.NewSearchSpec(hubsPath,
	[]string{paramHubID, paramHubName, paramManagerID, paramQ}, hub.SortableProperties)

// managerMe is the hubManagerId value that stands for the caller's own sub.
const managerMe = "me"

// searchCondition reads the hub filters of a search, checked: a bad value is a 400 that names
// its parameter. self is the caller's sub, which hubManagerId=me stands for.
func searchCondition(q url.Values, deleted bool, self uuid.UUID) (hub.SearchCondition, error) {
	cond := hub.SearchCondition{Deleted: deleted}
	var err error
	if cond.HubID, err = httpapi.OptionalUUID(q, paramHubID); err != nil {
		return cond, err
	}
	if q.Get(paramManagerID) == managerMe {
		if self == uuid.Nil {
			return cond, httpapi.BadParam(paramManagerID, "is me, but the caller's token names no subject")
		}
		cond.ManagerID = &self
	} else if cond.ManagerID, err = httpapi.OptionalUUID(q, paramManagerID); err != nil {
		return cond, httpapi.BadParam(paramManagerID, "must be a UUID or me")
	}
	cond.NamePrefix, cond.NameContains = q.Get(paramHubName), q.Get(paramQ)
	// The condition's own rules (encoding, length, not only ignorable characters), each
	// reported against the parameter it names.
	var invalid *hub.ValidationError
	if err := cond.Validate(); errors.As(err, &invalid) && len(invalid.Fields) > 0 {
		return cond, httpapi.BadParam(invalid.Fields[0].Field, invalid.Fields[0].Message)
	} else if err != nil {
		return cond, err
	}
	return cond, nil
}

// fingerprint is what of a condition a cursor must not outlive (with the sort, added by
// httpapi.Page).
func fingerprint(c hub.SearchCondition) []string {
	return []string{httpapi.Optional(c.HubID), c.NamePrefix, c.NameContains, httpapi.Optional(c.ManagerID)}
}
