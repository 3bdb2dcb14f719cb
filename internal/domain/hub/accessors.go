package hub

import (
	"time"

	"github.com/google/uuid"
)

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

// IsDeleted reports whether the hub is soft-deleted.
func (h *Hub) IsDeleted() bool { return h.deleted }

// Version starts at 1 and grows by one with every change.
func (h *Hub) Version() int64 { return h.version }

// CreatedAt is when the hub was created, in UTC.
func (h *Hub) CreatedAt() time.Time { return h.createdAt }

// CreatedBy is the user who created the hub.
func (h *Hub) CreatedBy() uuid.UUID { return h.createdBy }

// UpdatedAt is when the hub last changed (its creation, at first), in UTC.
func (h *Hub) UpdatedAt() time.Time { return h.updatedAt }

// UpdatedBy is the user who changed the hub last.
func (h *Hub) UpdatedBy() uuid.UUID { return h.updatedBy }

// DeletedAt is when the hub was deleted, or nil while it is live.
func (h *Hub) DeletedAt() *time.Time { return copyPtr(h.deletedAt) }

// DeletedBy is who deleted the hub, or nil while it is live.
func (h *Hub) DeletedBy() *uuid.UUID { return copyPtr(h.deletedBy) }

func copyPtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
