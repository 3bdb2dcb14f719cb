// Package consistency carries read-your-writes tokens through a request's context. A command
// records the position in the primary's history its change reached; a query that sends the
// token back is served only by a database that has reached that position. The token is opaque
// here: the storage adapter makes it and reads it (for PostgreSQL, a WAL position).
package consistency

import (
	"context"
	"errors"
	"sync"
)

// Token is a position in the primary's history, as the storage adapter writes it.
type Token string

// ErrInvalidToken is a token the adapter cannot read (the client made it up or mangled it).
var ErrInvalidToken = errors.New("invalid consistency token")

// Recorder receives the token of the changes made under a context.
type Recorder struct {
	mu    sync.Mutex
	token Token
}

// Record keeps t; the last change's token covers the earlier ones.
func (r *Recorder) Record(t Token) {
	r.mu.Lock()
	r.token = t
	r.mu.Unlock()
}

// Token is the recorded token, or "" when nothing was changed.
func (r *Recorder) Token() Token {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.token
}

type (
	recorderKey struct{}
	minimumKey  struct{}
	primaryKey  struct{}
)

// WithRecorder returns a context under which changes record their token in the returned
// Recorder.
func WithRecorder(ctx context.Context) (context.Context, *Recorder) {
	r := &Recorder{}
	return context.WithValue(ctx, recorderKey{}, r), r
}

// RecorderFrom is the context's Recorder, or nil.
func RecorderFrom(ctx context.Context) *Recorder {
	r, _ := ctx.Value(recorderKey{}).(*Recorder)
	return r
}

// WithMinimum asks the reads under ctx to see at least what t saw.
func WithMinimum(ctx context.Context, t Token) context.Context {
	return context.WithValue(ctx, minimumKey{}, t)
}

// Minimum is the position reads under ctx must have reached, if any.
func Minimum(ctx context.Context) (Token, bool) {
	t, ok := ctx.Value(minimumKey{}).(Token)
	return t, ok && t != ""
}

// WithPrimary asks the reads under ctx to go to the primary: for readers woken by a commit
// notification, which must see that commit at once.
func WithPrimary(ctx context.Context) context.Context {
	return context.WithValue(ctx, primaryKey{}, true)
}

// PrimaryOnly reports whether reads under ctx must go to the primary.
func PrimaryOnly(ctx context.Context) bool {
	v, _ := ctx.Value(primaryKey{}).(bool)
	return v
}
