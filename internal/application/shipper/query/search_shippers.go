package query

import (
	"context"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/shipper"
)

// SearchShippers asks for one page of shippers.
type SearchShippers struct {
	Actor     access.Actor
	Condition shipper.SearchCondition
	Pageable  paging.Pageable
}

// ShipperViewSearcher is SearchShippers' read model: one page of views in the order of p.Sort
// (shipper.DefaultSort when empty) then the shipper id, counted by paging's rule, the hubs
// joined for the hub name prefix.
type ShipperViewSearcher interface {
	SearchShipperViews(ctx context.Context, cond shipper.SearchCondition, p paging.Pageable) (paging.Page[ShipperView], error)
}

// SearchShippersHandler pages through shippers: the readers of GetShipperHandler; a SHIPPER's
// search is narrowed to its own id (with its other filters ANDed), and only MASTER searches the
// deleted ones.
type SearchShippersHandler struct{ views ShipperViewSearcher }

// NewSearchShippersHandler refuses a nil read model.
func NewSearchShippersHandler(views ShipperViewSearcher) (SearchShippersHandler, error) {
	return SearchShippersHandler{views}, checkReadModel(views)
}

// Handle returns the page of read models.
func (h SearchShippersHandler) Handle(ctx context.Context, q SearchShippers) (paging.Page[ShipperView], error) {
	if !CanRead(q.Actor) || (q.Condition.Deleted && !q.Actor.CanSeeDeleted()) {
		return paging.Page[ShipperView]{}, access.ErrForbidden
	}
	cond := q.Condition
	if OnlyOwn(q.Actor) {
		if cond.ShipperID != nil && *cond.ShipperID != q.Actor.ID {
			// Another shipper's id ANDed with the caller's own matches nothing: an empty page,
			// as the plain condition would give, without asking the database.
			return paging.Of(ctx, []ShipperView{}, q.Pageable, func(context.Context) (int64, bool, error) { return 0, false, nil })
		}
		id := q.Actor.ID
		cond.ShipperID = &id
	}
	if err := cond.Validate(); err != nil {
		return paging.Page[ShipperView]{}, err
	}
	return h.views.SearchShipperViews(ctx, cond, q.Pageable)
}
