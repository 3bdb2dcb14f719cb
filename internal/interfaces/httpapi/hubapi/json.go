package hubapi

import (
	"strconv"

	"github.com/labstack/echo/v4"

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
	b = append(b, `,"address":{"zipCode":`...)
	b = httpapi.AppendJSONString(b, v.Address.ZipCode)
	b = append(b, `,"address1":`...)
	b = httpapi.AppendJSONString(b, v.Address.Address1)
	b = append(b, `,"address2":`...)
	b = httpapi.AppendJSONString(b, v.Address.Address2)
	b = append(b, `},"location":`...)
	if v.Location == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"latitude":`...)
		b = httpapi.AppendJSONFloat(b, v.Location.Latitude)
		b = append(b, `,"longitude":`...)
		b = httpapi.AppendJSONFloat(b, v.Location.Longitude)
		b = append(b, '}')
	}
	b = append(b, `,"isDeleted":`...)
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

// writeHubBody sends one hub.
func writeHubBody(c echo.Context, status int, v query.HubView) error {
	return httpapi.WriteBody(c, status, func(b []byte) []byte { return appendHubJSON(b, v) })
}
