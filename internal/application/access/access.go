// Package access says who is calling (Actor) and what each role may do. The rules are
// the contract's permission matrix, decided here in code and tested without HTTP.
package access

import (
	"slices"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/kernel"
)

// Role is what a caller is to the logistics network.
type Role string

// The roles of the contract.
const (
	Master     Role = "MASTER"
	HubManager Role = "HUB_MANAGER"
	Company    Role = "COMPANY"
	Shipper    Role = "SHIPPER"
	Customer   Role = "CUSTOMER"
	Server     Role = "SERVER"
)

// Roles lists every role, in the contract's order.
var Roles = []Role{Master, HubManager, Company, Shipper, Customer, Server}

// ParseRole accepts exactly the names of Roles.
func ParseRole(s string) (Role, bool) {
	for _, r := range Roles {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

// ErrForbidden means the caller is known but the role does not allow the action.
var ErrForbidden = kernel.NewError(kernel.Forbidden, "FORBIDDEN", "forbidden").
	WithDetail("your role does not allow this")

// Target is what a change of one record names: who asks, which record, and the version If-Match
// expects (0 for none). Every aggregate's delete and restore command is one (command.DeleteHub,
// …), and the HTTP layer makes it of the request once for all of them.
type Target struct {
	Actor     Actor
	ID        uuid.UUID
	IfVersion int64
}

// Actor is the authenticated caller; its ID is recorded in the audit fields of what it changes.
type Actor struct {
	ID   uuid.UUID
	Role Role
}

// CanRead says whether the actor may get and search hubs: every known role but CUSTOMER may.
func (a Actor) CanRead() bool { return a.Role != Customer && slices.Contains(Roles, a.Role) }

// CanSeeDeleted says whether the actor sees deleted hubs: only MASTER does; to others they do not exist.
func (a Actor) CanSeeDeleted() bool { return a.Role == Master }

// CanFollowEvents says whether the actor reads the hub event feed: MASTER and SERVER (other services) do.
func (a Actor) CanFollowEvents() bool { return a.Role == Master || a.Role == Server }

// CanManageLifecycle says whether the actor creates, deletes and restores hubs: only MASTER does.
func (a Actor) CanManageLifecycle() bool { return a.Role == Master }

// CanUpdateSome says whether the actor may change records that belong to hubs at all: MASTER and
// HUB_MANAGER may, the latter only at hubs it manages (see CanChangeAt).
func (a Actor) CanUpdateSome() bool { return a.Role == Master || a.Role == HubManager }

// Manages says whether the actor is the hub manager named by manager (a hub's hubManagerId).
func (a Actor) Manages(manager *uuid.UUID) bool {
	return a.Role == HubManager && manager != nil && *manager == a.ID
}

// CanChangeAt decides a change of something that belongs to the hub managed by current and, after
// the change, to the one managed by next: MASTER always; a HUB_MANAGER only when it manages both.
// For a hub itself, current and next are its manager before and after, so a hub manager can
// change only its own hubs and never hand one over; for a record moved between hubs (a shipper,
// a company), the managers of the two hubs.
func (a Actor) CanChangeAt(current, next *uuid.UUID) bool {
	return a.Role == Master || a.Manages(current) && a.Manages(next)
}
