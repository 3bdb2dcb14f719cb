// Package kernel is what every aggregate's domain shares: the kinds of failure a domain error
// belongs to, sentinel errors that carry their kind and the contract's stable code, and field
// validation errors.
//
// The adapters map failures to kinds once for every aggregate: the PostgreSQL adapter turns a
// driver error into the sentinel its caller names, and the HTTP interface answers with the
// status of the error's kind and the error's code, so a new aggregate declares its errors here
// and needs no new case in either mapping. The package imports nothing of ours; a test in
// internal/ keeps it so.
package kernel
