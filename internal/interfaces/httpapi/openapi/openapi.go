// Package openapi holds the OpenAPI 3.0.3 document of the hubd REST API.
//
// The document is hand-written JSON (openapi.json) and is served verbatim at GET /openapi.json;
// it is the contract clients are written against, so the server follows it, not the other way
// round. Component tests use openapitest.Validator to prove every response they see is one it
// allows.
package openapi

import _ "embed"

// Document is the OpenAPI 3.0.3 document of the whole API, as served at GET /openapi.json.
// Callers must not modify it.
//
//go:embed openapi.json
var Document []byte
