package shipperapi

import (
	"strconv"

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
	b = append(b, `","isDeleted":`...)
	b = strconv.AppendBool(b, v.Deleted)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, v.Version, 10)
	b = append(b, `,"createdAt":`...)
	b = httpapi.AppendJSONTime(b, v.CreatedAt)
	b = append(b, `,"createdBy":`...)
	b = httpapi.AppendUUID(b, v.CreatedBy)
	b = append(b, `,"updatedAt":`...)
	b = httpapi.AppendJSONTime(b, v.UpdatedAt)
	b = append(b, `,"updatedBy":`...)
	b = httpapi.AppendUUID(b, v.UpdatedBy)
	b = append(b, `,"deletedAt":`...)
	if v.DeletedAt == nil {
		b = append(b, "null"...)
	} else {
		b = httpapi.AppendJSONTime(b, *v.DeletedAt)
	}
	b = append(b, `,"deletedBy":`...)
	b = httpapi.AppendUUIDPtr(b, v.DeletedBy)
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
