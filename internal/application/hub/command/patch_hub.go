package command

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/application/patch"
	"github.com/hubd/hubd/internal/domain/hub"
)

// Optional is a JSON Merge Patch member: absent (Set false), null (Set, zero Value) or a value.
type Optional[T any] = patch.Optional[T]

// AddressPatch merges into an address member by member; nil members stay as they are.
type AddressPatch = patch.Address

// HubPatch is a JSON Merge Patch (RFC 7396) of a hub's details, already decoded.
type HubPatch struct {
	Name      *string
	ManagerID Optional[*uuid.UUID]
	Address   *AddressPatch
	Location  Optional[*hub.Location]
}

// PatchHub changes some details of a hub; the rights are those of UpdateHub.
type PatchHub struct {
	Actor     access.Actor
	HubID     uuid.UUID
	Patch     HubPatch
	IfVersion int64
}

// Patch applies the patch to the hub as it is when locked, so concurrent patches of different
// members all survive. It returns the hub's view as stored.
func (h UpdateHubHandler) Patch(ctx context.Context, c PatchHub) (query.HubView, error) {
	return h.change(ctx, c.Actor, c.HubID, c.IfVersion, func(current *hub.Hub) hub.Details {
		return c.Patch.applyTo(current.Details())
	})
}

func (p HubPatch) applyTo(d hub.Details) hub.Details {
	patch.Set(&d.Name, p.Name)
	p.ManagerID.Apply(&d.ManagerID)
	d.Address = p.Address.ApplyTo(d.Address)
	p.Location.Apply(&d.Location)
	return d
}
