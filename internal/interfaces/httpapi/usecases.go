package httpapi

import (
	"context"

	"github.com/hubd/hubd/internal/application/access"
)

// The adapters of an aggregate's use cases to Items: each takes the use case's Handle (or Patch)
// and what the aggregate alone knows, how its query or command is made of the request, so that
// a module states only that.

// DeleteBy is a Delete by the aggregate's delete command, which is a Target (command.DeleteHub,
// …); what the use case answers besides is not sent (204). A restore command is one too, so its
// Handle is a Restore as it is.
func DeleteBy[R any](handle func(context.Context, Target) (R, error)) func(context.Context, Target) error {
	return func(ctx context.Context, t Target) error {
		_, err := handle(ctx, t)
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
