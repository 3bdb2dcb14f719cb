package postgres

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/lib/pq"

	"github.com/hubd/hubd/internal/domain/hub"
)

// liveNameIndex is the partial unique index of migration 0001 that keeps live names unique.
const liveNameIndex = "hubs_live_name_key"

// mapError turns driver errors into domain errors where the domain has a word for them, and
// wraps the rest unchanged for the caller's log.
func mapError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return hub.ErrNotFound
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code == "23505" && pqErr.Constraint == liveNameIndex {
		return fmt.Errorf("%w: %s", hub.ErrNameTaken, pqErr.Detail)
	}
	return err
}
