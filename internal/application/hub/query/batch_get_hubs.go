package query

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/domain/hub"
)

// BatchGetHubs asks for the hubs of up to hub.MaxListSize ids at once: what another service
// needs to resolve the hubs of a page of its orders in one request.
type BatchGetHubs struct {
	Actor  access.Actor
	HubIDs []uuid.UUID
}

// HubBatch is the answer of a batch look-up: the hubs found, in the order asked and each once
// (an id asked twice is answered once, where it first appears), and the ids not found, in the
// same order. A deleted hub the caller may not see is not found, like one that never existed.
type HubBatch struct {
	Found    []HubView
	NotFound []uuid.UUID
}

// BatchGetHubsHandler reads many hubs by id, with the rights of getting one: every role but
// CUSTOMER, and deleted hubs for MASTER only.
type BatchGetHubsHandler struct{ repo hub.Repository }

// NewBatchGetHubsHandler refuses a nil repository.
func NewBatchGetHubsHandler(repo hub.Repository) (BatchGetHubsHandler, error) {
	return BatchGetHubsHandler{repo}, checkReadModel(repo)
}

// Handle checks the list as sent (at most hub.MaxListSize ids, duplicates counted), then the
// caller's rights, and reads the distinct ids in one repository call.
func (h BatchGetHubsHandler) Handle(ctx context.Context, q BatchGetHubs) (HubBatch, error) {
	if err := hub.CheckList(q.HubIDs); err != nil {
		return HubBatch{}, err
	}
	if !q.Actor.CanRead() {
		return HubBatch{}, access.ErrForbidden
	}
	ids := distinct(q.HubIDs)
	// Who sees deleted hubs is decided here; the repository gets the decision as a value.
	found, err := h.repo.FindList(ctx, ids, q.Actor.CanSeeDeleted())
	if err != nil {
		return HubBatch{}, err
	}
	// FindList answers in the order of ids, each hub once, so found is a subsequence of ids:
	// one walk of both tells found from not found, without mapping the ids a second time.
	b := HubBatch{Found: make([]HubView, 0, len(found)), NotFound: []uuid.UUID{}}
	for _, id := range ids {
		if len(found) > 0 && found[0].ID() == id {
			b.Found, found = append(b.Found, ViewOf(found[0])), found[1:]
		} else {
			b.NotFound = append(b.NotFound, id)
		}
	}
	return b, nil
}

// distinct keeps the first appearance of every id, in order.
func distinct(ids []uuid.UUID) []uuid.UUID {
	seen := make(map[uuid.UUID]struct{}, len(ids))
	out := make([]uuid.UUID, 0, len(ids))
	for _, id := range ids {
		if _, dup := seen[id]; !dup {
			seen[id] = struct{}{}
			out = append(out, id)
		}
	}
	return out
}
