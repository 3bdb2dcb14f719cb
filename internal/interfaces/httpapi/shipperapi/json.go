package shipperapi

import (
	"github.com/hubd/hubd/internal/application/shipper/command"
	"github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// appendShipperJSON appends the contract's shipper (query.ShipperState) for a view, byte for
// byte what encoding/json makes of it (the types are plain ASCII names).
func appendShipperJSON(b []byte, v query.ShipperView) []byte {
	b = append(b, `{"shipperId":`...)
	b = httpapi.AppendUUID(b, v.ID)
	b = append(b, `,"hubId":`...)
	b = httpapi.AppendUUID(b, v.HubID)
	b = append(b, `,"shipperType":"`...)
	b = append(b, v.Type...)
	b = append(b, `"`...)
	b = httpapi.AppendAudit(b, httpapi.Audit{Deleted: v.Deleted, Version: v.Version, CreatedAt: v.CreatedAt, CreatedBy: v.CreatedBy,
		UpdatedAt: v.UpdatedAt, UpdatedBy: v.UpdatedBy, DeletedAt: v.DeletedAt, DeletedBy: v.DeletedBy})
	return append(b, '}')
}

// appendAssignmentJSON appends the rotation's answer: {"shipper": {…}, "assignedAt": "…"}.
func appendAssignmentJSON(b []byte, a command.AssignmentView) []byte {
	b = append(b, `{"shipper":`...)
	b = appendShipperJSON(b, a.Shipper)
	b = append(b, `,"assignedAt":`...)
	b = httpapi.AppendJSONTime(b, a.AssignedAt)
	return append(b, '}')
}
