package companyapi

import (
	"strconv"

	"github.com/hubd/hubd/internal/application/company/query"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// appendCompanyJSON appends the contract's company (query.CompanyState) for a view, byte for byte
// what encoding/json makes of it.
func appendCompanyJSON(b []byte, v query.CompanyView) []byte {
	b = append(b, `{"companyId":`...)
	b = httpapi.AppendUUID(b, v.ID)
	b = append(b, `,"companyName":`...)
	b = httpapi.AppendJSONString(b, v.Name)
	b = append(b, `,"hubId":`...)
	b = httpapi.AppendUUID(b, v.HubID)
	b = append(b, `,"companyManagerId":`...)
	b = httpapi.AppendUUIDPtr(b, v.ManagerID)
	b = append(b, `,"address":{"zipCode":`...)
	b = httpapi.AppendJSONString(b, v.Address.ZipCode)
	b = append(b, `,"address1":`...)
	b = httpapi.AppendJSONString(b, v.Address.Address1)
	b = append(b, `,"address2":`...)
	b = httpapi.AppendJSONString(b, v.Address.Address2)
	b = append(b, `},"isDeleted":`...)
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
