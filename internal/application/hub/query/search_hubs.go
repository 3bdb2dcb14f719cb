package query

import (
	"context"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
)

// SearchHubs asks for one page of hubs.
type SearchHubs = readmodel.Find[hub.SearchCondition]

// HubViewSearcher is SearchHubs' read model: one page of views, read as hub.Repository.Search
// reads hubs (the same filter, order, cursor and count rules), but scanned straight into views.
type HubViewSearcher interface {
	SearchHubViews(ctx context.Context, cond hub.SearchCondition, p paging.Pageable) (paging.Page[HubView], error)
}

// SearchHubsHandler pages through hubs: every role that may read; only MASTER searches the
// deleted ones.
type SearchHubsHandler = readmodel.Search[HubViewSearcher, hub.SearchCondition, HubView]

// NewSearchHubsHandler refuses a nil read model.
func NewSearchHubsHandler(views HubViewSearcher) (SearchHubsHandler, error) {
	return readmodel.NewSearch("hub", views, HubViewSearcher.SearchHubViews,
		func(a access.Actor, c hub.SearchCondition) (hub.SearchCondition, bool, error) {
			return c, true, readmodel.CheckSearch(a.CanRead(), a, c.Deleted)
		})
}
