package shipperapi

import (
	"net/url"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/shipper"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// The shipper search's own parameters; the paging ones are every search's (httpapi.SearchSpec).
const (
	paramShipperID   = "shipperId"
	paramHubID       = "hubId"
	paramShipperType = "shipperType"
	paramHubName     = "hubName"
)

// searchSpec is GET /api/v1/shippers: its filters and the fields it sorts by.
var searchSpec = httpapi.NewSearchSpec(shippersPath,
	[]string{paramShipperID, paramHubID, paramShipperType, paramHubName}, shipper.SortableProperties)

// searchCondition reads the shipper filters of a search, checked: a bad value is a 400 that
// names its parameter. No shipper filter stands for the caller (httpapi.Search's self).
func searchCondition(q url.Values, deleted bool, _ uuid.UUID) (shipper.SearchCondition, error) {
	cond := shipper.SearchCondition{Deleted: deleted}
	if err := httpapi.ReadUUIDFilters(q, httpapi.UUIDFilter{Name: paramShipperID, Into: &cond.ShipperID},
		httpapi.UUIDFilter{Name: paramHubID, Into: &cond.HubID}); err != nil {
		return cond, err
	}
	cond.Type, cond.HubNamePrefix = shipper.Type(q.Get(paramShipperType)), q.Get(paramHubName)
	return cond, httpapi.ConditionError(cond.Validate())
}

// fingerprint is what of a condition a cursor must not outlive (with the sort, added by
// httpapi.Page); it starts with the aggregate, so no other search's cursor fits a shipper search.
func fingerprint(c shipper.SearchCondition) []string {
	return []string{"shipper", httpapi.Optional(c.ShipperID), httpapi.Optional(c.HubID), string(c.Type), c.HubNamePrefix}
}
