package hubapi

import (
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// appendHubJSON appends the contract's hub (hubJSON, the application's query.HubState) for a
// view, byte for byte what encoding/json makes of it.
func appendHubJSON(b []byte, v query.HubView) []byte {
	b = append(b, `{"hubId":`...)
	b = httpapi.AppendUUID(b, v.ID)
	b = append(b, `,"hubName":`...)
	b = httpapi.AppendJSONString(b, v.Name)
	b = append(b, `,"hubManagerId":`...)
	b = httpapi.AppendUUIDPtr(b, v.ManagerID)
	b = httpapi.AppendAddress(b, v.Address.ZipCode, v.Address.Address1, v.Address.Address2)
	b = append(b, `,"location":`...)
	if v.Location == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"latitude":`...)
		b = httpapi.AppendJSONFloat(b, v.Location.Latitude)
		b = append(b, `,"longitude":`...)
		b = httpapi.AppendJSONFloat(b, v.Location.Longitude)
		b = append(b, '}')
	}
	b = httpapi.AppendAudit(b, httpapi.Audit{Deleted: v.Deleted, Version: v.Version, CreatedAt: v.CreatedAt, CreatedBy: v.CreatedBy,
		UpdatedAt: v.UpdatedAt, UpdatedBy: v.UpdatedBy, DeletedAt: v.DeletedAt, DeletedBy: v.DeletedBy})
	return append(b, '}')
}
