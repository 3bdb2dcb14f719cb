package query

import (
	"context"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
)

// SearchHubs asks for one page of hubs.
type SearchHubs struct {
	Actor     access.Actor
	Condition hub.SearchCondition
	Pageable  paging.Pageable
}

// HubViewSearcher is SearchHubs' read model: one page of views, read as hub.Repository.Search
// reads hubs (the same filter, order, cursor and count rules), but scanned straight into views.
type HubViewSearcher interface {
	SearchHubViews(ctx context.Context, cond hub.SearchCondition, p paging.Pageable) (paging.Page[HubView], error)
}

// SearchHubsHandler pages through hubs; only MASTER may search the deleted ones.
type SearchHubsHandler struct{ views HubViewSearcher }

// NewSearchHubsHandler refuses a nil read model.
func NewSearchHubsHandler(views HubViewSearcher) (SearchHubsHandler, error) {
	return SearchHubsHandler{views}, checkReadModel(views)
}

// Handle returns the page of read models.
func (h SearchHubsHandler) Handle(ctx context.Context, q SearchHubs) (paging.Page[HubView], error) {
	if !q.Actor.CanRead() || (q.Condition.Deleted && !q.Actor.CanSeeDeleted()) {
		return paging.Page[HubView]{}, access.ErrForbidden
	}
	return h.views.SearchHubViews(ctx, q.Condition, q.Pageable)
}
