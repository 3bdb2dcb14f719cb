package shipper

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/input"
	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/record"
)

// Sortable properties of a shipper, in the contract's names. Repositories map them to storage and
// always add the shipper id (SortTieBreaker) as the final tie-breaker, in the direction of the
// last order, so the order is total and stable.
const (
	SortByCreatedAt = "createdAt"
	SortByUpdatedAt = "updatedAt"
	SortTieBreaker  = "shipperId"
)

// SortableProperties lists every property a search may sort by.
var SortableProperties = []string{SortByCreatedAt, SortByUpdatedAt}

// DefaultSort is the order of a search that asks for none: newest first.
var DefaultSort = paging.Sort{{Property: SortByCreatedAt, Direction: paging.Desc}}

// SearchCondition filters shippers. Zero fields do not filter, except Deleted: a search sees
// either the live shippers (false) or the deleted ones (true), never both. The filters combine
// with AND.
type SearchCondition struct {
	ShipperID *uuid.UUID
	HubID     *uuid.UUID
	Type      Type // "": either type
	// HubNamePrefix matches shippers whose hub's name has the prefix under the hub name's rules
	// (input.HasPrefix: by the name key, %, _ and \ literal). The hub is the shipper's hub as it
	// is now, deleted or not: the search joins hubs.
	HubNamePrefix string
	Deleted       bool
}

// Validate refuses a condition no shipper could match for reasons of encoding: an unknown type
// (field shipperType) or a hub name prefix that breaks input.Fragment (field hubName).
func (c SearchCondition) Validate() error {
	var v kernel.Validator
	if c.Type != "" && !c.Type.Valid() {
		v.Add("shipperType", "must be SHIPPER_HUB or SHIPPER_CUSTOMER")
	}
	input.Fragment(&v, "hubName", c.HubNamePrefix)
	return v.Err(ErrInvalid)
}

// Matches reports whether s, whose hub is named hubName, passes the condition: the plain-Go
// reference the adapter's search (the join on hubs included) is compared with in the
// differential test, and the definition of every filter.
func (c SearchCondition) Matches(s *Shipper, hubName string) bool {
	return s.IsDeleted() == c.Deleted &&
		(c.ShipperID == nil || *c.ShipperID == s.id) &&
		(c.HubID == nil || *c.HubID == s.details.HubID) &&
		(c.Type == "" || c.Type == s.details.Type) &&
		input.HasPrefix(hubName, c.HubNamePrefix)
}

// Repository stores shippers (record.Repository: FindByID, FindActiveByID, Search with the join
// on hubs, Update). Update's move or restore whose hub is not live is ErrHubNotFound, checked as
// Create does. Implementations must be safe for concurrent use.
type Repository interface {
	// Create stores a newly registered shipper: ErrExists when a live shipper has the id,
	// ErrDeleted when a deleted one has it, and ErrHubNotFound when its hub is not live when the
	// shipper is written (checked in the same transaction, the hub held against a concurrent
	// deletion with FOR SHARE, so a hub's deletion and a registration at it never both win).
	Create(ctx context.Context, s *Shipper) error
	record.Repository[*Shipper, SearchCondition]
}
