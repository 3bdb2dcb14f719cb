package hub

import (
	"fmt"

	"github.com/google/uuid"
)

// CheckList refuses a list of ids longer than MaxListSize, naming the field hubIds: a batch
// look-up is bounded so that one request costs one bounded query. The bound counts the ids as
// sent, duplicates included.
func CheckList(ids []uuid.UUID) error {
	var v validator
	if len(ids) > MaxListSize {
		v.add("hubIds", fmt.Sprintf("must hold at most %d ids, not %d", MaxListSize, len(ids)))
	}
	return v.err()
}
