package consistency_test

import (
	"context"
	"errors"
	"testing"

	"github.com/hubd/hubd/internal/application/consistency"
)

func TestContextValues(t *testing.T) {
	ctx := context.Background()
	if consistency.RecorderFrom(ctx) != nil || consistency.PrimaryOnly(ctx) {
		t.Fatal("a bare context carries values")
	}
	if _, ok := consistency.Minimum(ctx); ok {
		t.Fatal("a bare context has a minimum")
	}
	ctx, rec := consistency.WithRecorder(ctx)
	consistency.RecorderFrom(ctx).Record("0/1")
	consistency.RecorderFrom(ctx).Record("0/2")
	if rec.Token() != "0/2" {
		t.Errorf("recorded %q", rec.Token())
	}
	if tok, ok := consistency.Minimum(consistency.WithMinimum(ctx, "0/9")); !ok || tok != "0/9" {
		t.Errorf("minimum %q %v", tok, ok)
	}
	if _, ok := consistency.Minimum(consistency.WithMinimum(ctx, "")); ok {
		t.Error("an empty token is a minimum")
	}
	if !consistency.PrimaryOnly(consistency.WithPrimary(ctx)) {
		t.Error("WithPrimary lost")
	}
}

func TestTokenCarriesTheFeedSeq(t *testing.T) {
	_, rec := consistency.WithRecorder(context.Background())
	rec.RecordSeq(41)
	if rec.Token() != "" {
		t.Errorf("a seq without a committed position is a token: %q", rec.Token())
	}
	rec.RecordSeq(42)
	rec.RecordSeq(7)
	rec.Record("16/B374D848")
	if rec.Token() != "16/B374D848@42" {
		t.Errorf("token %q, want the position and the highest seq", rec.Token())
	}
	for tok, want := range map[consistency.Token]struct {
		pos string
		seq int64
	}{"16/B374D848@42": {"16/B374D848", 42}, "0/1": {"0/1", 0}, consistency.Compose("0/2", 0): {"0/2", 0}, consistency.Compose("0/2", 9): {"0/2", 9}} {
		pos, seq, err := tok.Split()
		if err != nil || pos != want.pos || seq != want.seq {
			t.Errorf("%q splits into %q %d %v", tok, pos, seq, err)
		}
	}
	for _, bad := range []consistency.Token{"0/1@", "0/1@x", "0/1@0", "0/1@-3", "0/1@+3", "0/1@1@2"} {
		if _, _, err := bad.Split(); !errors.Is(err, consistency.ErrInvalidToken) {
			t.Errorf("%q splits: %v", bad, err)
		}
	}
}
