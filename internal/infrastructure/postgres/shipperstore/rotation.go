package shipperstore

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/shipper"
)

var _ shipper.Rotation = (*Repository)(nil)

// rotationSQL is one turn of the fair rotation (shipper.Turn), one statement: advance the (hub,
// type) counter by one (the row lock of ON CONFLICT DO UPDATE lasts this statement only, which
// runs on its own, outside any transaction) and take the (turn mod n)-th of the n live shippers
// of the type at the hub, in shipper_id order (the partial index shippers_live_rotation). No
// shipper: no row, and the turn is no one's.
var rotationSQL = `WITH tick AS (
    INSERT INTO shipper_rotations AS r (hub_id, shipper_type, next_turn) VALUES ($1, $2, 1)
    ON CONFLICT (hub_id, shipper_type) DO UPDATE SET next_turn = r.next_turn + 1
    RETURNING next_turn - 1 AS turn
), live AS (
    SELECT shippers.*, row_number() OVER (ORDER BY shipper_id) - 1 AS i, count(*) OVER () AS n
    FROM shippers WHERE hub_id = $1 AND shipper_type = $2 AND NOT is_deleted
)
SELECT ` + shipperColumns + ` FROM live, tick WHERE live.i = tick.turn % live.n`

// Next implements shipper.Rotation, on the primary (the counter is a write).
func (r *Repository) Next(ctx context.Context, hubID uuid.UUID, t shipper.Type) (shipper.Assignment, error) {
	rows, err := scanShippers(ctx, r.store.Primary(), rotationSQL, []any{hubID, string(t)}, 1)
	if err != nil {
		return shipper.Assignment{}, fmt.Errorf("assign a shipper at hub %s: %w", hubID, err)
	}
	if len(rows) == 0 {
		return shipper.Assignment{}, shipper.ErrNoShipper
	}
	s, err := toShipper(rows[0])
	if err != nil {
		return shipper.Assignment{}, err
	}
	return shipper.Assignment{Shipper: s, AssignedAt: time.Now().UTC()}, nil
}
