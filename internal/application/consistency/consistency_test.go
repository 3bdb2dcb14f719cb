package consistency_test

import (
	"context"
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
