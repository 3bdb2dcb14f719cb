package readmodel

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/domain/paging"
)

// One asks for one record by id: every aggregate's get query (query.GetHub, …) is one.
type One struct {
	Actor access.Actor
	ID    uuid.UUID
}

// Find asks for one page of records that match Condition: every aggregate's search query
// (query.SearchHubs, …) is one, of its own condition.
type Find[C any] struct {
	Actor     access.Actor
	Condition C
	Pageable  paging.Pageable
}

// Get is the use case that reads one record's view through the aggregate's read-model port P
// (read, a method expression of it: a deleted record only when withDeleted is set, else, and
// when there is no such record, the aggregate's ErrNotFound), after the aggregate's access rule
// (allow). Every aggregate's GetXHandler is one.
type Get[P, V any] struct {
	port  P
	read  func(P, context.Context, uuid.UUID, bool) (V, error)
	allow func(access.Actor, uuid.UUID) error
}

// NewGet refuses a nil read model; noun names the aggregate in that error.
func NewGet[P, V any](noun string, port P, read func(P, context.Context, uuid.UUID, bool) (V, error), allow func(access.Actor, uuid.UUID) error) (Get[P, V], error) {
	return Get[P, V]{port: port, read: read, allow: allow}, CheckReadModel(noun, port)
}

// Handle returns the view of the record id, as actor may see it: a deleted record only to those
// who see deleted records (access.Actor.CanSeeDeleted); to the others it is not found.
func (g Get[P, V]) Handle(ctx context.Context, q One) (V, error) {
	if err := g.allow(q.Actor, q.ID); err != nil {
		var zero V
		return zero, err
	}
	return g.read(g.port, ctx, q.ID, q.Actor.CanSeeDeleted())
}

// Readers is the access rule of a Get that every role that may read passes
// (access.Actor.CanRead); the others are access.ErrForbidden.
func Readers(actor access.Actor, _ uuid.UUID) error {
	return CheckSearch(actor.CanRead(), actor, false)
}

// Search is the use case that reads one page of views through the aggregate's read-model port P
// (search, a method expression of it), with the condition scope makes of the caller's: the
// aggregate's access rule, which refuses, narrows (to the actor's own records) or answers an
// empty page without asking (false). Every aggregate's SearchXHandler is one.
type Search[P, C, V any] struct {
	port   P
	search func(P, context.Context, C, paging.Pageable) (paging.Page[V], error)
	scope  func(access.Actor, C) (C, bool, error)
}

// NewSearch refuses a nil read model; noun names the aggregate in that error.
func NewSearch[P, C, V any](noun string, port P, search func(P, context.Context, C, paging.Pageable) (paging.Page[V], error), scope func(access.Actor, C) (C, bool, error)) (Search[P, C, V], error) {
	return Search[P, C, V]{port: port, search: search, scope: scope}, CheckReadModel(noun, port)
}

// Handle returns the page of views actor may see.
func (s Search[P, C, V]) Handle(ctx context.Context, q Find[C]) (paging.Page[V], error) {
	cond, ask, err := s.scope(q.Actor, q.Condition)
	if err != nil {
		return paging.Page[V]{}, err
	}
	if !ask {
		return paging.Of(ctx, []V{}, q.Pageable, func(context.Context) (int64, bool, error) { return 0, false, nil })
	}
	return s.search(s.port, ctx, cond, q.Pageable)
}

// CheckSearch is the access rule searches share: access.ErrForbidden unless the actor may read
// (canRead, the aggregate's rule) and, for deleted records, sees them (access.Actor.CanSeeDeleted).
func CheckSearch(canRead bool, actor access.Actor, deleted bool) error {
	if !canRead || (deleted && !actor.CanSeeDeleted()) {
		return access.ErrForbidden
	}
	return nil
}

// CheckReadModel refuses a nil read model; noun names the aggregate.
func CheckReadModel(noun string, views any) error {
	if views == nil {
		return errors.New(noun + " query: a read model is required")
	}
	return nil
}
