package companyapi

import (
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
	b = httpapi.AppendAddress(b, v.Address.ZipCode, v.Address.Address1, v.Address.Address2)
	b = httpapi.AppendAudit(b, httpapi.Audit{Deleted: v.Deleted, Version: v.Version, CreatedAt: v.CreatedAt, CreatedBy: v.CreatedBy,
		UpdatedAt: v.UpdatedAt, UpdatedBy: v.UpdatedBy, DeletedAt: v.DeletedAt, DeletedBy: v.DeletedBy})
	return append(b, '}')
}
