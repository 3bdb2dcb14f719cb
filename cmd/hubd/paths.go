package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/feed"
	netquery "github.com/hubd/hubd/internal/application/network/query"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/networkstore"
)

// startPaths builds this instance's network projection from the primary and starts it following
// the feed, woken by waker (and polling as a safety net). The caller closes it. It reads only the
// primary (its snapshot, the feed's head and the feed itself), so it has a store of its own
// there: no read routing, no statement cache to share.
func startPaths(ctx context.Context, primary *sqlx.DB, waker feed.Waker, log *slog.Logger) (*netquery.Projection, error) {
	store := postgres.NewStore(primary)
	reader, err := networkstore.New(store)
	if err != nil {
		return nil, err
	}
	p, err := netquery.New(reader, store, netquery.Options{Waker: waker, Logger: log})
	if err != nil {
		return nil, err
	}
	if err := p.Start(ctx); err != nil {
		return nil, fmt.Errorf("build the network of paths: %w", err)
	}
	s := p.Stats()
	log.Info("network projection started", "seq", s.Seq)
	return p, nil
}
