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

// SearchHubsHandler pages through hubs; only MASTER may search the deleted ones.
type SearchHubsHandler struct{ repo hub.Repository }

// NewSearchHubsHandler refuses a nil repository.
func NewSearchHubsHandler(repo hub.Repository) (SearchHubsHandler, error) {
	return SearchHubsHandler{repo}, checkRepo(repo)
}

// Handle returns the page of read models.
func (h SearchHubsHandler) Handle(ctx context.Context, q SearchHubs) (paging.Page[HubView], error) {
	if !q.Actor.CanRead() || (q.Condition.Deleted && !q.Actor.CanSeeDeleted()) {
		return paging.Page[HubView]{}, access.ErrForbidden
	}
	page, err := h.repo.Search(ctx, q.Condition, q.Pageable)
	if err != nil {
		return paging.Page[HubView]{}, err
	}
	return paging.Map(page, ViewOf), nil
}
