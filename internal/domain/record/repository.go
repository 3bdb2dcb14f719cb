package record

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/paging"
)

// Repository is what the repositories of the aggregates with a search have alike, of the
// aggregate's root A (a pointer) and its search condition C; each aggregate's Repository embeds
// it beside its Create and what else it alone has. Implementations must be safe for concurrent
// use.
type Repository[A, C any] interface {
	// FindByID returns the record, deleted or not; the aggregate's ErrNotFound when there is none.
	FindByID(ctx context.Context, id uuid.UUID) (A, error)
	// FindActiveByID returns the record only when it is not deleted; ErrNotFound otherwise.
	FindActiveByID(ctx context.Context, id uuid.UUID) (A, error)
	// Search returns one page of the matching records, in the order of p.Sort (the aggregate's
	// DefaultSort when empty) and then its SortTieBreaker. The content and the count (only when
	// the page's content cannot tell the total, see paging.Of) share one WHERE.
	Search(ctx context.Context, cond C, p paging.Pageable) (paging.Page[A], error)
	// Update loads the record, lets fn change it and stores the result atomically: when fn or
	// the write fails, nothing changes. When fn leaves the version as it was, nothing is
	// written. It returns the record as stored. An expected version (If-Match) is fn's to check
	// (CheckVersion), after it has decided that the caller may see and change the record: a
	// check before fn would answer a stale version before not found or forbidden, and so tell an
	// outsider that the record exists.
	Update(ctx context.Context, id uuid.UUID, fn func(A) error) (A, error)
}
