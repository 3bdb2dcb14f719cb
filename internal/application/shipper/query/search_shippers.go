package query

import (
	"context"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/shipper"
)

// SearchShippers asks for one page of shippers.
type SearchShippers = readmodel.Find[shipper.SearchCondition]

// ShipperViewSearcher is SearchShippers' read model: one page of views in the order of p.Sort
// (shipper.DefaultSort when empty) then the shipper id, counted by paging's rule, the hubs
// joined for the hub name prefix.
type ShipperViewSearcher interface {
	SearchShipperViews(ctx context.Context, cond shipper.SearchCondition, p paging.Pageable) (paging.Page[ShipperView], error)
}

// SearchShippersHandler pages through shippers: MASTER, HUB_MANAGER and SERVER any, a SHIPPER
// only its own; only MASTER searches the deleted ones.
type SearchShippersHandler = readmodel.Search[ShipperViewSearcher, shipper.SearchCondition, ShipperView]

// NewSearchShippersHandler refuses a nil read model.
func NewSearchShippersHandler(views ShipperViewSearcher) (SearchShippersHandler, error) {
	return readmodel.NewSearch("shipper", views, ShipperViewSearcher.SearchShipperViews, searchScope)
}

// searchScope is the shippers' read rule for a search: a SHIPPER's is narrowed to itself.
func searchScope(a access.Actor, cond shipper.SearchCondition) (shipper.SearchCondition, bool, error) {
	if err := readmodel.CheckSearch(CanRead(a), a, cond.Deleted); err != nil {
		return cond, false, err
	}
	if OnlyOwn(a) {
		if cond.ShipperID != nil && *cond.ShipperID != a.ID {
			// Another shipper's id ANDed with the caller's own matches nothing: an empty page,
			// as the plain condition would give, without asking the database.
			return cond, false, nil
		}
		id := a.ID
		cond.ShipperID = &id
	}
	return cond, true, cond.Validate()
}
