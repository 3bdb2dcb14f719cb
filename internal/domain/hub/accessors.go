package hub

import "github.com/google/uuid"

// The version and audit accessors (IsDeleted, Version, CreatedAt, CreatedBy, UpdatedAt,
// UpdatedBy, DeletedAt, DeletedBy) and CheckVersion are the embedded record.Audit's.

// ID is the hub's identity; it never changes.
func (h *Hub) ID() uuid.UUID { return h.id }

// Name is the trimmed hub name.
func (h *Hub) Name() string { return h.details.Name }

// ManagerID is the hub manager's user id, or nil. The result is a copy.
func (h *Hub) ManagerID() *uuid.UUID { return h.details.clone().ManagerID }

// Address is the hub's postal address.
func (h *Hub) Address() Address { return h.details.Address }

// Location is the hub's position, or nil when unknown. The result is a copy.
func (h *Hub) Location() *Location { return h.details.clone().Location }

// Details returns a copy of the user-chosen parts, the starting point of a partial change.
func (h *Hub) Details() Details { return h.details.clone() }
