package query

import (
	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/domain/shipper"
)

// GetAccess is the shippers' read rule for one shipper (readmodel.Get's): MASTER, HUB_MANAGER
// and SERVER any, a SHIPPER its own (another is shipper.ErrNotFound, 404), COMPANY and CUSTOMER
// none (403); a deleted shipper only MASTER, to the others it is shipper.ErrNotFound.
func GetAccess(a access.Actor, id uuid.UUID) error {
	if !CanRead(a) {
		return access.ErrForbidden
	}
	if OnlyOwn(a) && id != a.ID {
		return shipper.ErrNotFound
	}
	return nil
}

// SearchScope is the shippers' read rule for a search (readmodel.Search's): MASTER, HUB_MANAGER
// and SERVER any, a SHIPPER only its own (the condition narrowed to itself); only MASTER
// searches the deleted ones.
func SearchScope(a access.Actor, cond shipper.SearchCondition) (shipper.SearchCondition, bool, error) {
	if err := readmodel.CheckSearch(CanRead(a), a, cond.Deleted); err != nil {
		return cond, false, err
	}
	if OnlyOwn(a) {
		if cond.ShipperID != nil && *cond.ShipperID != a.ID {
			// Another shipper's id ANDed with the caller's own matches nothing: an empty page,
			// as the plain condition would give, without asking the database.
			return cond, false, nil
		}
		id := a.ID
		cond.ShipperID = &id
	}
	return cond, true, cond.Validate()
}
