package httpapi

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/domain/paging"
)

// The adapters of an aggregate's use cases to Items: each takes the use case's Handle (or Patch)
// and what the aggregate alone knows, how its query or command is made of the request, so that
// a module states only that.

// GetBy is a Get of the query that of makes for the caller and the id.
func GetBy[Q, V any](of func(access.Actor, uuid.UUID) Q, handle func(context.Context, Q) (V, error)) func(context.Context, access.Actor, uuid.UUID) (V, error) {
	return func(ctx context.Context, actor access.Actor, id uuid.UUID) (V, error) {
		return handle(ctx, of(actor, id))
	}
}

// SearchBy is a Search by the aggregate's search query. Every aggregate's query has this one
// shape (query.SearchHubs, …: the caller, the condition, the page), so it is made here; were
// one to grow another field, its module would no longer compile.
func SearchBy[Q ~struct {
	Actor     access.Actor
	Condition C
	Pageable  paging.Pageable
}, C, V any](handle func(context.Context, Q) (paging.Page[V], error)) func(context.Context, access.Actor, C, paging.Pageable) (paging.Page[V], error) {
	return func(ctx context.Context, actor access.Actor, cond C, p paging.Pageable) (paging.Page[V], error) {
		return handle(ctx, Q{Actor: actor, Condition: cond, Pageable: p})
	}
}

// RestoreBy is a Restore (or any change without a body) of the command that of makes.
func RestoreBy[Cmd, V any](of func(Target) Cmd, handle func(context.Context, Cmd) (V, error)) func(context.Context, Target) (V, error) {
	return func(ctx context.Context, t Target) (V, error) { return handle(ctx, of(t)) }
}

// DeleteBy is a Delete of the command that of makes; what the use case answers besides is not
// sent (204).
func DeleteBy[Cmd, R any](of func(Target) Cmd, handle func(context.Context, Cmd) (R, error)) func(context.Context, Target) error {
	return func(ctx context.Context, t Target) error {
		_, err := handle(ctx, of(t))
		return err
	}
}

// CreateFrom is a Create of a body that decodes into an In (DecodeObject) and that to makes the
// command of, for the caller.
func CreateFrom[In, Cmd, V any](to func(In, access.Actor) (Cmd, error), handle func(context.Context, Cmd) (V, error)) func(context.Context, access.Actor, []byte) (V, error) {
	return func(ctx context.Context, actor access.Actor, body []byte) (V, error) {
		return decodeThen(ctx, body, func(in In) (Cmd, error) { return to(in, actor) }, handle)
	}
}

// ChangeFrom is a Replace or a Patch of a body that decodes into an In (DecodeObject) and that
// to makes the command of, for the target.
func ChangeFrom[In, Cmd, V any](to func(In, Target) (Cmd, error), handle func(context.Context, Cmd) (V, error)) func(context.Context, Target, []byte) (V, error) {
	return func(ctx context.Context, t Target, body []byte) (V, error) {
		return decodeThen(ctx, body, func(in In) (Cmd, error) { return to(in, t) }, handle)
	}
}

// decodeThen makes the command of the body and runs it; a body it cannot make one of is the
// use case's error, before the use case runs.
func decodeThen[In, Cmd, V any](ctx context.Context, body []byte, to func(In) (Cmd, error), handle func(context.Context, Cmd) (V, error)) (V, error) {
	cmd, err := DecodeInto(body, to)
	if err != nil {
		var zero V
		return zero, err
	}
	return handle(ctx, cmd)
}
