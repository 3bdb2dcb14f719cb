package hubapi

import (
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

// searchCondition reads the hub filters of a search, checked: a bad value is a 400 that names
// its parameter. self is the caller's sub, which hubManagerId=me stands for.
func searchCondition(q url.Values, deleted bool, self uuid.UUID) (hub.SearchCondition, error) {
	cond := hub.SearchCondition{Deleted: deleted}
	var err error
	if cond.HubID, err = httpapi.OptionalUUID(q, paramHubID); err != nil {
		return cond, err
	}
	if cond.ManagerID, err = httpapi.ManagerFilter(q, paramManagerID, self); err != nil {
		return cond, err
	}
	cond.NamePrefix, cond.NameContains = q.Get(paramHubName), q.Get(paramQ)
	return cond, httpapi.ConditionError(cond.Validate())
}

// fingerprint is what of a condition a cursor must not outlive (with the sort, added by
// httpapi.Page).
func fingerprint(c hub.SearchCondition) []string {
	return []string{httpapi.Optional(c.HubID), c.NamePrefix, c.NameContains, httpapi.Optional(c.ManagerID)}
}
