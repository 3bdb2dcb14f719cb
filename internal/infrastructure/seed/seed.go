// Package seed loads hubd's reference hubs (the 17 Korean hubs embedded in db/seed) through the
// application's create use case, so seeded hubs obey exactly the rules of hubs created over
// HTTP and carry a recognisable creator in their audit fields.
package seed

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/domain/hub"
)

// ActorID is the createdBy/updatedBy of every seeded hub. It is fixed (not random) so seeded rows
// can be told apart from hubs people created, in any database, by a query on created_by.
// It is a valid version-7 UUID whose timestamp is zero, so it sorts before every real user id.
var ActorID = uuid.MustParse("00000000-0000-7000-8000-000000000001")

// Actor is who seeds: ActorID as MASTER, the only role allowed to create hubs.
var Actor = access.Actor{ID: ActorID, Role: access.Master}

// CreateFunc creates one hub; cmd/hubd passes the application's CreateHub use case run as Actor.
type CreateFunc func(context.Context, hub.Details) error

// Load creates each of the 17 Korean hubs. A hub whose name a live hub already has
// (hub.ErrNameTaken) counts as skipped, which makes Load idempotent: running it twice adds
// nothing. Any other error stops it, with the counts of what was done before.
func Load(ctx context.Context, create CreateFunc) (created, skipped int, err error) {
	hubs, err := KoreaHubs()
	if err != nil {
		return 0, 0, err
	}
	return LoadHubs(ctx, hubs, create)
}

// LoadHubs is Load over any list of hubs.
func LoadHubs(ctx context.Context, hubs []hub.Details, create CreateFunc) (created, skipped int, err error) {
	if create == nil {
		return 0, 0, errors.New("seed: a create function is required")
	}
	for _, d := range hubs {
		if err := ctx.Err(); err != nil {
			return created, skipped, err
		}
		switch err := create(ctx, d); {
		case err == nil:
			created++
		case errors.Is(err, hub.ErrNameTaken):
			skipped++
		default:
			return created, skipped, fmt.Errorf("seed: create hub %q: %w", d.Name, err)
		}
	}
	return created, skipped, nil
}
