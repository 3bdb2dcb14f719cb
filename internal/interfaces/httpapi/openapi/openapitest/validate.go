// Package openapitest checks HTTP responses against hubd's OpenAPI document. It is for tests
// only, so the service binary does not link the OpenAPI toolkit.
package openapitest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/hubd/hubd/internal/interfaces/httpapi/openapi"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// uuidPattern accepts any RFC 9562 UUID in its canonical text form, whatever its version: the
// server may mint v4 or v7 ids, which kin-openapi's predefined RFC 4122 format (v1 to v5) rejects.
const uuidPattern = `^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`

// init teaches kin-openapi the "uuid" string format, which it otherwise does not check. The
// registry is a global map, so it is filled here, before any goroutine can read it.
func init() {
	if _, ok := openapi3.SchemaStringFormats["uuid"]; !ok {
		openapi3.DefineStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(uuidPattern))
	}
}

// Validator checks responses against openapi.Document.
type Validator struct {
	doc        *openapi3.T
	router     routers.Router
	operations []string
	options    *openapi3filter.Options
}

// NewValidator loads openapi.Document, validates it as an OpenAPI 3 document and prepares its routes.
func NewValidator() (*Validator, error) {
	ctx := context.Background()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openapi.Document)
	if err != nil {
		return nil, fmt.Errorf("openapi: load document: %w", err)
	}
	if err := doc.Validate(ctx); err != nil {
		return nil, fmt.Errorf("openapi: invalid document: %w", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("openapi: build router: %w", err)
	}
	var ops []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			ops = append(ops, method+" "+path)
		}
	}
	sort.Strings(ops)
	options := &openapi3filter.Options{
		ExcludeRequestBody:    true,
		IncludeResponseStatus: true,
		MultiError:            true,
		AuthenticationFunc:    func(context.Context, *openapi3filter.AuthenticationInput) error { return nil },
	}
	options.WithCustomSchemaErrorFunc(schemaErrorMessage)
	return &Validator{doc: doc, router: router, operations: ops, options: options}, nil
}

// schemaErrorMessage says where a value breaks the schema and why, without the schema and the
// value that kin-openapi otherwise prints in full (pages of JSON for one missing field).
func schemaErrorMessage(err *openapi3.SchemaError) string {
	at := "/" + strings.Join(err.JSONPointer(), "/")
	switch {
	case err.Origin != nil:
		return fmt.Sprintf("at %q: %v", at, err.Origin)
	case err.Reason != "":
		return fmt.Sprintf("at %q: %s", at, err.Reason)
	default:
		return fmt.Sprintf("at %q: does not match the schema's %q", at, err.SchemaField)
	}
}

// ValidateResponse checks that the response (status, headers declared as required, content
// type, body schema) is one the document allows for this request. The request's path must match
// an operation of the document (after stripping the scheme/host); an unknown route is an error.
//
// Only the route of the request is used: its body, query and credentials are not validated,
// so tests may send deliberately bad requests and still check the answers.
func (v *Validator) ValidateResponse(req *http.Request, status int, header http.Header, body []byte) error {
	if req == nil || req.URL == nil {
		return errors.New("openapi: no request")
	}
	ctx := req.Context()
	// Match on the path alone: the document's server is "/", whatever host the test server has.
	u := *req.URL
	u.Scheme, u.Host, u.User = "", "", nil
	r := req.Clone(ctx)
	r.URL, r.Host, r.Body = &u, "", http.NoBody

	route, pathParams, err := v.router.FindRoute(r)
	if err != nil {
		return fmt.Errorf("openapi: no operation for %s %s: %w", req.Method, u.Path, err)
	}
	name := route.Method + " " + route.Path
	if header == nil {
		header = http.Header{}
	}

	resp := route.Operation.Responses.Status(status)
	if resp == nil {
		resp = route.Operation.Responses.Default()
	}
	if resp == nil || resp.Value == nil {
		return fmt.Errorf("openapi: %s: status %d is not documented", name, status)
	}
	// kin-openapi lets a body through where none is documented (204, 304) and skips 304
	// altogether; both are checked here.
	if len(resp.Value.Content) == 0 && len(body) > 0 {
		return fmt.Errorf("openapi: %s: status %d documents no body, got %d bytes", name, status, len(body))
	}
	if status == http.StatusNotModified {
		if err := requiredHeaders(resp.Value, header); err != nil {
			return fmt.Errorf("openapi: %s: status %d: %w", name, status, err)
		}
		return nil
	}

	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    r,
			PathParams: pathParams,
			Route:      route,
			Options:    v.options,
		},
		Status:  status,
		Header:  header,
		Options: v.options,
	}
	in.SetBodyBytes(bytes.Clone(body))
	if err := openapi3filter.ValidateResponse(ctx, in); err != nil {
		return fmt.Errorf("openapi: %s: status %d: %w", name, status, err)
	}
	return nil
}

// requiredHeaders reports the first header the response declares as required but lacks (or
// that breaks its pattern), for the statuses kin-openapi does not validate.
func requiredHeaders(resp *openapi3.Response, header http.Header) error {
	names := make([]string, 0, len(resp.Headers))
	for name, h := range resp.Headers {
		if h.Value != nil && h.Value.Required {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		if header.Get(name) == "" {
			return fmt.Errorf("response header %q missing", name)
		}
		if s := resp.Headers[name].Value.Schema; s != nil && s.Value != nil && s.Value.Pattern != "" {
			re, err := regexp.Compile(s.Value.Pattern)
			if err != nil {
				return fmt.Errorf("response header %q: pattern %s: %w", name, s.Value.Pattern, err)
			}
			if !re.MatchString(header.Get(name)) {
				return fmt.Errorf("response header %q = %s does not match %s", name, strconv.Quote(header.Get(name)), s.Value.Pattern)
			}
		}
	}
	return nil
}

// Operations lists "METHOD /path/template" of every operation in the document, sorted, e.g.
// "GET /api/v1/hubs/{hubId}".
func (v *Validator) Operations() []string {
	return append([]string(nil), v.operations...)
}
