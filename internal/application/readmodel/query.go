package readmodel

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/domain/paging"
)

// One asks for one record by id: every aggregate's get query is one.
type One struct {
	Actor access.Actor
	ID    uuid.UUID
}

// Find asks for one page of records that match Condition: every aggregate's search query is
// one, of its own condition.
type Find[C any] struct {
	Actor     access.Actor
	Condition C
	Pageable  paging.Pageable
}

// Reader is the read model of every aggregate's Get: the adapter reads the row straight into
// the view V, with no aggregate in between.
type Reader[V any] interface {
	// View returns the record's view; a deleted record only when withDeleted is set, else (and
	// when there is no such record) the aggregate's ErrNotFound.
	View(ctx context.Context, id uuid.UUID, withDeleted bool) (V, error)
}

// Searcher is the read model of every aggregate's Search: one page of views that match cond,
// in the order of p.Sort (the aggregate's DefaultSort when empty) then the record's id, counted
// by paging's rule.
type Searcher[C, V any] interface {
	SearchViews(ctx context.Context, cond C, p paging.Pageable) (paging.Page[V], error)
}

// Views are an aggregate's two read models, as its adapter serves them.
type Views[C, V any] interface {
	Reader[V]
	Searcher[C, V]
}

// Get is the use case that reads one record's view through the aggregate's read model, after
// the aggregate's access rule (allow). Every aggregate's Get is one.
type Get[V any] struct {
	views Reader[V]
	allow func(access.Actor, uuid.UUID) error
}

// NewGet refuses a nil read model; noun names the aggregate in that error.
func NewGet[V any](noun string, views Reader[V], allow func(access.Actor, uuid.UUID) error) (Get[V], error) {
	return Get[V]{views: views, allow: allow}, CheckReadModel(noun, views)
}

// Handle returns the view of the record id, as actor may see it: a deleted record only to those
// who see deleted records (access.Actor.CanSeeDeleted); to the others it is not found.
func (g Get[V]) Handle(ctx context.Context, q One) (V, error) {
	if err := g.allow(q.Actor, q.ID); err != nil {
		var zero V
		return zero, err
	}
	return g.views.View(ctx, q.ID, q.Actor.CanSeeDeleted())
}

// Readers is the access rule of a Get that every role that may read passes
// (access.Actor.CanRead); the others are access.ErrForbidden. A deleted record is found only by
// MASTER; to the other roles it is the aggregate's ErrNotFound, so its existence does not leak.
func Readers(actor access.Actor, _ uuid.UUID) error {
	return CheckSearch(actor.CanRead(), actor, false)
}

// Search is the use case that reads one page of views through the aggregate's read model, with
// the condition scope makes of the caller's: the aggregate's access rule, which refuses, narrows
// (to the actor's own records) or answers an empty page without asking (false). Every
// aggregate's Search is one.
type Search[C, V any] struct {
	views Searcher[C, V]
	scope func(access.Actor, C) (C, bool, error)
}

// NewSearch refuses a nil read model; noun names the aggregate in that error.
func NewSearch[C, V any](noun string, views Searcher[C, V], scope func(access.Actor, C) (C, bool, error)) (Search[C, V], error) {
	return Search[C, V]{views: views, scope: scope}, CheckReadModel(noun, views)
}

// Handle returns the page of views actor may see.
func (s Search[C, V]) Handle(ctx context.Context, q Find[C]) (paging.Page[V], error) {
	cond, ask, err := s.scope(q.Actor, q.Condition)
	if err != nil {
		return paging.Page[V]{}, err
	}
	if !ask {
		return paging.Of(ctx, []V{}, q.Pageable, func(context.Context) (int64, bool, error) { return 0, false, nil })
	}
	return s.views.SearchViews(ctx, cond, q.Pageable)
}

// ReadersSearch is the access rule of a Search that every role that may read passes, the
// deleted records (deleted tells whether a condition asks for them) only for those who see them
// (CheckSearch); then the condition is checked (check; nil when the read model checks it).
func ReadersSearch[C any](deleted func(C) bool, check func(C) error) func(access.Actor, C) (C, bool, error) {
	return func(a access.Actor, c C) (C, bool, error) {
		if err := CheckSearch(a.CanRead(), a, deleted(c)); err != nil || check == nil {
			return c, true, err
		}
		return c, true, check(c)
	}
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
