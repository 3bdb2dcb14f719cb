package query

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/consistency"
	"github.com/hubd/hubd/internal/domain/network"
)

// Snapshot is the network as one consistent state of the database shows it: the live hubs, the
// live routes between live hubs, and Seq, the feed position that state reflects (every event up
// to Seq is in it, none after).
type Snapshot struct {
	Seq    int64
	Hubs   []uuid.UUID
	Routes []network.Edge
}

// NetworkReader is the projection's read model of the database.
type NetworkReader interface {
	// ReadNetwork reads a Snapshot from the primary, all of it in one snapshot of the database
	// (so Seq and the rows agree).
	ReadNetwork(ctx context.Context) (Snapshot, error)
	// FeedHead is the highest seq committed on the primary: the position a reader must reach to
	// see every change committed before it asked.
	FeedHead(ctx context.Context) (int64, error)
	// CheckToken refuses a consistency token the storage could not have made
	// (consistency.ErrInvalidToken), as every other read with a token does.
	CheckToken(t consistency.Token) error
}
