// Package companyapi is the company's HTTP interface: the contract's /api/v1/companies
// endpoints, a httpapi.Module over the company's use cases.
package companyapi
