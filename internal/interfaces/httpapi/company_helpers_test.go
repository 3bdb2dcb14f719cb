package httpapi_test

import (
	"fmt"
	"net/http"

	"github.com/google/uuid"
)

// companyJSON is the contract's company as a client reads it.
type companyJSON struct {
	CompanyID        uuid.UUID  `json:"companyId"`
	CompanyName      string     `json:"companyName"`
	HubID            uuid.UUID  `json:"hubId"`
	CompanyManagerID *uuid.UUID `json:"companyManagerId"`
	Address          struct {
		ZipCode  string `json:"zipCode"`
		Address1 string `json:"address1"`
		Address2 string `json:"address2"`
	} `json:"address"`
	IsDeleted bool  `json:"isDeleted"`
	Version   int64 `json:"version"`
}

func companyBody(name string, hub uuid.UUID, manager *uuid.UUID) string {
	return fmt.Sprintf(`{"companyName":%q,"hubId":"%s","companyManagerId":%s,"address":{"zipCode":"04524","address1":"서울특별시 중구 세종대로 110"}}`, name, hub, nullableID(manager))
}

// createCompany makes a company as MASTER and returns it.
func (en *env) createCompany(name string, hub uuid.UUID, manager *uuid.UUID) companyJSON {
	en.t.Helper()
	return asMaster[companyJSON](en, http.StatusCreated, "POST", "/api/v1/companies", companyBody(name, hub, manager))
}

// getCompany reads a company as MASTER (deleted ones too).
func (en *env) getCompany(id uuid.UUID) companyJSON {
	en.t.Helper()
	return asMaster[companyJSON](en, http.StatusOK, "GET", "/api/v1/companies/"+id.String(), "")
}
