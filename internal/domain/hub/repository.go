package hub

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/input"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/record"
)

// Sortable properties of a hub, in the contract's names. Repositories map them to storage and
// always add the hub id as the final tie-breaker, in the direction of the last order.
const (
	SortByName      = "hubName"
	SortByCreatedAt = "createdAt"
	SortByUpdatedAt = "updatedAt"
)

// SortableProperties lists every property a search may sort by.
var SortableProperties = []string{SortByName, SortByCreatedAt, SortByUpdatedAt}

// DefaultSort is the order of a search that asks for none: newest first.
var DefaultSort = paging.Sort{{Property: SortByCreatedAt, Direction: paging.Desc}}

// MaxListSize caps the ids of one FindList: a batch look-up resolves the hubs of a page of
// another service's records (a page is at most 100), in one query on the primary key.
const MaxListSize = 100

// SearchCondition filters hubs. Zero fields do not filter, except Deleted: a search sees either
// the live hubs (false) or the deleted ones (true), never both.
type SearchCondition struct {
	HubID *uuid.UUID
	// NamePrefix matches names whose key (names.Key) starts with the prefix's (names.Fragment):
	// ignoring case, compatibility forms and ignorable characters; %, _ and \ are literal.
	NamePrefix string
	// NameContains matches names whose key contains its fragment, with the same literal
	// treatment of %, _ and \.
	NameContains string
	ManagerID    *uuid.UUID
	Deleted      bool
}

// Validate refuses a condition no hub name could match for reasons of encoding: a prefix (field
// hubName) or substring (field q) that is not valid UTF-8, holds control characters or is longer
// than any name; and one of nothing but default-ignorable characters, whose fragment
// (names.Fragment) is empty. That last one would match every name, so a search that looks
// filtered would quietly return every hub.
func (c SearchCondition) Validate() error {
	var v validator
	checkFragment(&v, "hubName", c.NamePrefix)
	checkFragment(&v, "q", c.NameContains)
	return v.err()
}

func checkFragment(v *validator, field, s string) { input.Fragment(&v.Validator, field, s) }

// Repository stores hubs (record.Repository: FindByID, FindActiveByID, Search, Update, whose
// version check comes after fn has decided that the caller may see and change the hub).
// Implementations must be safe for concurrent use.
type Repository interface {
	// Create stores a new hub; ErrNameTaken when a live hub has a name with the same key
	// (names.Key).
	Create(ctx context.Context, h *Hub) error
	record.Repository[*Hub, SearchCondition]
	// FindList returns the hubs with the given ids, in the order of their first appearance in
	// ids and each once; an id without a hub is left out, and so is a deleted hub unless
	// withDeleted. More than MaxListSize ids is a *ValidationError (CheckList), before any read.
	FindList(ctx context.Context, ids []uuid.UUID, withDeleted bool) ([]*Hub, error)
}
