package company

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/input"
	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/record"
)

// Sortable properties of a company, in the contract's names. Repositories map them to storage
// (companyName to the name's key, names.Key, in byte order) and always add the company id
// (SortTieBreaker) as the final tie-breaker, in the direction of the last order.
const (
	SortByName      = "companyName"
	SortByCreatedAt = "createdAt"
	SortByUpdatedAt = "updatedAt"
	SortTieBreaker  = "companyId"
)

// SortableProperties lists every property a search may sort by.
var SortableProperties = []string{SortByName, SortByCreatedAt, SortByUpdatedAt}

// DefaultSort is the order of a search that asks for none: newest first.
var DefaultSort = paging.Sort{{Property: SortByCreatedAt, Direction: paging.Desc}}

// NameKey is the key a company's name is unique by, searched by and sorted by: the hub name's
// (names.Key). Adapters store it with every write of the name.
func NameKey(name string) string { return names.Key(name) }

// SearchCondition filters companies. Zero fields do not filter, except Deleted: a search sees
// either the live companies (false) or the deleted ones (true), never both. The filters combine
// with AND.
type SearchCondition struct {
	CompanyID *uuid.UUID
	HubID     *uuid.UUID
	ManagerID *uuid.UUID // companyManagerId; the interface resolves "me" to the caller's id
	// NamePrefix matches companies whose name has the prefix under the name rules
	// (input.HasPrefix: by the key, %, _ and \ literal).
	NamePrefix string
	// HubNamePrefix matches companies whose hub's name has the prefix, by the same rules. The
	// hub is the company's hub as it is now, deleted or not: the search joins hubs.
	HubNamePrefix string
	Deleted       bool
}

// Validate refuses prefixes no name could match for reasons of encoding (input.Fragment), naming
// companyName or hubName.
func (c SearchCondition) Validate() error {
	var v kernel.Validator
	input.Fragment(&v, "companyName", c.NamePrefix)
	input.Fragment(&v, "hubName", c.HubNamePrefix)
	return v.Err(ErrInvalid)
}

// Matches reports whether co, whose hub is named hubName, passes the condition: the plain-Go
// reference the adapter's search (the join on hubs included) is compared with in the
// differential test, and the definition of every filter.
func (c SearchCondition) Matches(co *Company, hubName string) bool {
	return co.IsDeleted() == c.Deleted &&
		(c.CompanyID == nil || *c.CompanyID == co.id) &&
		(c.HubID == nil || *c.HubID == co.details.HubID) &&
		(c.ManagerID == nil || co.details.ManagerID != nil && *c.ManagerID == *co.details.ManagerID) &&
		input.HasPrefix(co.details.Name, c.NamePrefix) &&
		input.HasPrefix(hubName, c.HubNamePrefix)
}

// Repository stores companies (record.Repository: FindByID, FindActiveByID, Search with the join
// on hubs, Update). Update's rename onto a live company's name, or a restore after one took it,
// is a *NameTakenError; a move or a restore whose hub is not live is ErrHubNotFound.
// Implementations must be safe for concurrent use.
type Repository interface {
	// Create stores a new company: a *NameTakenError (ErrNameTaken) when a live company has a
	// name with the same key, and ErrHubNotFound when its hub is not live when the company is
	// written (checked in the same transaction, the hub held against a concurrent deletion with
	// FOR SHARE, so a hub's deletion and a company created at it never both win).
	Create(ctx context.Context, c *Company) error
	record.Repository[*Company, SearchCondition]
}
