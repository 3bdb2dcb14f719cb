// Package consistency carries read-your-writes tokens through a request's context. A command
// records the position in the primary's history its change reached; a query that sends the
// token back is served only by a database that has reached that position.
//
// A token has two parts. The position is opaque here: the storage adapter makes it and reads it
// (for PostgreSQL, a WAL position). The second, optional, is the highest event seq the change
// appended to the feed, after an "@": the position a follower of the feed (the network
// projection) must have applied to have seen the change. A token without it (one made before
// the feed position was carried, or of a change without events) stays valid: its reader falls
// back on the position alone.
package consistency

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
)

// Token is a position in the primary's history, as the storage adapter writes it, with the
// feed's seq of the change when it appended events: "16/B374D848" or "16/B374D848@42".
type Token string

// seqMark separates a token's position from its feed seq. A WAL position never holds it.
const seqMark = "@"

// Compose is the token of a change that reached position and appended events up to seq (0: none).
func Compose(position string, seq int64) Token {
	if seq <= 0 {
		return Token(position)
	}
	return Token(position + seqMark + strconv.FormatInt(seq, 10))
}

// Split reads t's parts: the adapter's position and the feed seq (0 when t carries none). A seq
// that is not a positive decimal number is ErrInvalidToken; the position is the adapter's to check.
func (t Token) Split() (position string, seq int64, err error) {
	pos, s, ok := strings.Cut(string(t), seqMark)
	if !ok {
		return pos, 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || s[0] == '+' {
		return "", 0, ErrInvalidToken
	}
	return pos, n, nil
}

// ErrInvalidToken is a token the adapter cannot read (the client made it up or mangled it).
var ErrInvalidToken = errors.New("invalid consistency token")

// Recorder receives the token of the changes made under a context.
type Recorder struct {
	mu    sync.Mutex
	token Token
	seq   int64
}

// Record keeps t, the position a committed change reached; the last change's position covers
// the earlier ones.
func (r *Recorder) Record(t Token) {
	r.mu.Lock()
	r.token = t
	r.mu.Unlock()
}

// RecordSeq keeps the feed seq of an event a change appended; the highest is kept. It is
// recorded before the commit (the seq is known only inside the transaction): Token carries it
// only once a position is recorded too, which happens after a commit. A seq of a transaction
// that then failed is above every seq of the request's earlier changes, so at worst a reader
// waits for a later event than it needed to (and falls back on its bound).
func (r *Recorder) RecordSeq(seq int64) {
	r.mu.Lock()
	r.seq = max(r.seq, seq)
	r.mu.Unlock()
}

// Token is the recorded token, or "" when nothing was changed (or committed).
func (r *Recorder) Token() Token {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.token == "" {
		return ""
	}
	pos, _, _ := r.token.Split()
	return Compose(pos, r.seq)
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
