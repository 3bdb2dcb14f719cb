// Package access says who is calling (Actor) and what each role may do with hubs. The rules are
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

// CanUpdateSome says whether the actor may update hubs: MASTER and HUB_MANAGER may, the latter only their own (see CanUpdate).
func (a Actor) CanUpdateSome() bool { return a.Role == Master || a.Role == HubManager }

// CanUpdate decides an update of a hub managed by current into one managed by next: MASTER
// always; a HUB_MANAGER only on a hub it manages, and never changing the manager.
func (a Actor) CanUpdate(current, next *uuid.UUID) bool {
	switch a.Role {
	case Master:
		return true
	case HubManager:
		return current != nil && *current == a.ID && next != nil && *next == a.ID
	default:
		return false
	}
}
