package openapitest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/hubd/hubd/internal/interfaces/httpapi/openapi"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

const (
	hubID   = "0f5e6a4c-1d7b-4c53-9a43-2f1d3c6b8e01"
	userID  = "018f3c2a-7b1e-7c4d-9a2b-3c4d5e6f7a8b" // a v7 UUID: the validator must accept any version
	hubPath = "/api/v1/hubs/" + hubID
)

func loadDoc(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(openapi.Document)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return doc
}

func newValidator(t *testing.T) *Validator {
	t.Helper()
	v, err := NewValidator()
	if err != nil {
		t.Fatalf("NewValidator: %v", err)
	}
	return v
}

func TestDocumentIsValidOpenAPI303(t *testing.T) {
	doc := loadDoc(t)
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "/" {
		t.Errorf("servers = %v, want [{url: /}]", doc.Servers)
	}
	if doc.Info == nil || doc.Info.Title == "" || doc.Info.Version == "" {
		t.Error("info needs a title and a version")
	}
}

func TestDocumentIsPrettyPrintedJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := json.Indent(&buf, bytes.TrimSpace(openapi.Document), "", "  "); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	buf.WriteByte('\n')
	if !bytes.Equal(buf.Bytes(), openapi.Document) {
		t.Error("openapi.json is not indented with two spaces and a final newline")
	}
}

// requireProperties checks that schema name declares every property and requires exactly those
// in required.
func requireProperties(t *testing.T, doc *openapi3.T, name string, props, required []string) *openapi3.Schema {
	t.Helper()
	ref := doc.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		t.Fatalf("no schema %s", name)
	}
	s := ref.Value
	got := slices.Sorted(maps.Keys(s.Properties))
	want := slices.Sorted(slices.Values(props))
	if !slices.Equal(got, want) {
		t.Errorf("%s properties = %v, want %v", name, got, want)
	}
	gotReq := slices.Sorted(slices.Values(s.Required))
	wantReq := slices.Sorted(slices.Values(required))
	if !slices.Equal(gotReq, wantReq) {
		t.Errorf("%s required = %v, want %v", name, gotReq, wantReq)
	}
	return s
}

func closed(t *testing.T, name string, s *openapi3.Schema) {
	t.Helper()
	if s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has {
		t.Errorf("%s must have additionalProperties: false", name)
	}
}

// hubFields are the fields of the hub in the contract's example, in its order.
var hubFields = []string{
	"hubId", "hubName", "hubManagerId", "address", "location", "isDeleted", "version",
	"createdAt", "createdBy", "updatedAt", "updatedBy", "deletedAt", "deletedBy",
}

func TestHubSchema(t *testing.T) {
	doc := loadDoc(t)
	hub := requireProperties(t, doc, "Hub", hubFields, hubFields)
	closed(t, "Hub", hub)

	type want struct {
		typ, format string
		nullable    bool
	}
	for field, w := range map[string]want{
		"hubId":        {"string", "uuid", false},
		"hubName":      {"string", "", false},
		"hubManagerId": {"string", "uuid", true},
		"isDeleted":    {"boolean", "", false},
		"version":      {"integer", "int64", false},
		"createdAt":    {"string", "date-time", false},
		"createdBy":    {"string", "uuid", false},
		"updatedAt":    {"string", "date-time", false},
		"updatedBy":    {"string", "uuid", false},
		"deletedAt":    {"string", "date-time", true},
		"deletedBy":    {"string", "uuid", true},
		"location":     {"object", "", true},
	} {
		p := hub.Properties[field].Value
		if !p.Type.Is(w.typ) || p.Format != w.format || p.Nullable != w.nullable {
			t.Errorf("Hub.%s = %v/%q nullable %v, want %s/%q nullable %v",
				field, p.Type, p.Format, p.Nullable, w.typ, w.format, w.nullable)
		}
	}
	if m := hub.Properties["version"].Value.Min; m == nil || *m != 1 {
		t.Errorf("Hub.version minimum = %v, want 1", m)
	}
	if r := hub.Properties["address"].Ref; r != "#/components/schemas/Address" {
		t.Errorf("Hub.address = %q, want a $ref to Address", r)
	}
	// OpenAPI 3.0.3 lets nullable widen only its own schema's type, so Location is nullable itself.
	if r := hub.Properties["location"].Ref; r != "#/components/schemas/Location" {
		t.Errorf("Hub.location = %q, want a $ref to the nullable Location", r)
	}
}

func TestContractSchemas(t *testing.T) {
	doc := loadDoc(t)
	addr := []string{"zipCode", "address1", "address2"}
	fields := []string{"hubName", "hubManagerId", "address", "location"}

	a := requireProperties(t, doc, "Address", addr, addr)
	closed(t, "Address", a)
	for _, name := range []string{"Address", "AddressInput", "AddressPatch"} {
		s := doc.Components.Schemas[name].Value
		for field, max := range map[string]uint64{"zipCode": 10, "address1": 200, "address2": 200} {
			if p := s.Properties[field].Value; p.MaxLength == nil || *p.MaxLength != max {
				t.Errorf("%s.%s maxLength = %v, want %d", name, field, p.MaxLength, max)
			}
		}
		if s.Properties["address1"].Value.MinLength != 1 {
			t.Errorf("%s.address1 minLength must be 1", name)
		}
	}
	closed(t, "AddressInput", requireProperties(t, doc, "AddressInput", addr, []string{"address1"}))
	patchAddr := requireProperties(t, doc, "AddressPatch", addr, nil)
	closed(t, "AddressPatch", patchAddr)

	loc := requireProperties(t, doc, "Location", []string{"latitude", "longitude"}, []string{"latitude", "longitude"})
	closed(t, "Location", loc)
	if !loc.Nullable {
		t.Error("Location must be nullable")
	}
	for field, limit := range map[string]float64{"latitude": 90, "longitude": 180} {
		p := loc.Properties[field].Value
		if !p.Type.Is("number") || p.Min == nil || *p.Min != -limit || p.Max == nil || *p.Max != limit {
			t.Errorf("Location.%s must be a number in -%v..%v", field, limit, limit)
		}
	}

	create := requireProperties(t, doc, "HubCreate", fields, []string{"hubName", "address"})
	closed(t, "HubCreate", create)
	if n := create.Properties["hubName"].Value; n.MinLength != 1 || n.MaxLength == nil || *n.MaxLength != 100 {
		t.Error("HubCreate.hubName must be 1..100 characters")
	}
	if !create.Properties["hubManagerId"].Value.Nullable || !create.Properties["location"].Value.Nullable {
		t.Error("HubCreate.hubManagerId and location must be nullable")
	}
	if create.Properties["address"].Ref != "#/components/schemas/AddressInput" {
		t.Error("HubCreate.address must be AddressInput")
	}

	patch := requireProperties(t, doc, "HubPatch", fields, nil)
	closed(t, "HubPatch", patch)
	if !patch.Properties["hubManagerId"].Value.Nullable || !patch.Properties["location"].Value.Nullable {
		t.Error("HubPatch.hubManagerId and location must be nullable")
	}
	if patch.Properties["address"].Value.Nullable || patch.Properties["hubName"].Value.Nullable {
		t.Error("HubPatch.address and hubName must not be nullable")
	}

	requireProperties(t, doc, "HubPage", []string{"content", "page"}, []string{"content", "page"})
	pm := []string{"size", "number", "totalElements", "totalPages"}
	meta := requireProperties(t, doc, "PageMetadata",
		append(pm, "totalIsEstimate", "hasNext", "nextCursor"), []string{"size", "hasNext"})
	for _, f := range pm {
		if !meta.Properties[f].Value.Type.Is("integer") {
			t.Errorf("PageMetadata.%s must be an integer", f)
		}
	}

	problem := requireProperties(t, doc, "Problem",
		[]string{"type", "title", "status", "code", "detail", "errors", "databases", "hubId", "companyId"},
		[]string{"type", "title", "status", "code"})
	var codes []string
	for _, c := range problem.Properties["code"].Value.Enum {
		codes = append(codes, c.(string))
	}
	wantCodes := []string{
		"INVALID_PARAMETER", "INVALID_BODY", "UNSUPPORTED_MEDIA_TYPE", "UNAUTHENTICATED", "FORBIDDEN",
		"HUB_NOT_FOUND", "HUB_NAME_TAKEN", "HUB_NOT_DELETED", "HUB_DELETED", "HUB_IN_USE", "VERSION_MISMATCH",
		"NOT_FOUND", "METHOD_NOT_ALLOWED", "NOT_READY", "SERVICE_UNAVAILABLE", "RATE_LIMITED", "IDEMPOTENCY_KEY_REUSED", "IDEMPOTENCY_KEY_IN_USE", "INTERNAL",
		"REQUEST_TIMEOUT", "TOO_MANY_STREAMS", "ROUTE_NOT_FOUND", "ROUTE_EXISTS", "ROUTE_DELETED", "ROUTE_NOT_DELETED",
		"NO_PATH", "MATRIX_TOO_LARGE",
		"COMPANY_NOT_FOUND", "COMPANY_NAME_TAKEN", "COMPANY_DELETED", "COMPANY_NOT_DELETED",
		"SHIPPER_NOT_FOUND", "SHIPPER_EXISTS", "SHIPPER_DELETED", "SHIPPER_NOT_DELETED", "NO_SHIPPER",
	}
	if !slices.Equal(slices.Sorted(slices.Values(codes)), slices.Sorted(slices.Values(wantCodes))) {
		t.Errorf("Problem.code enum = %v, want %v", codes, wantCodes)
	}
	requireProperties(t, doc, "FieldError", []string{"field", "message"}, []string{"field", "message"})
	requireProperties(t, doc, "Health", []string{"status", "databases"}, []string{"status"})
	requireProperties(t, doc, "DatabaseStatus", []string{"name", "role", "ok", "error", "lagSeconds"}, []string{"name", "role", "ok"})
}

func TestSecurity(t *testing.T) {
	doc := loadDoc(t)
	scheme := doc.Components.SecuritySchemes["bearerAuth"]
	if scheme == nil || scheme.Value.Type != "http" || scheme.Value.Scheme != "bearer" || scheme.Value.BearerFormat != "JWT" {
		t.Fatalf("bearerAuth must be http bearer JWT, got %+v", scheme)
	}
	for _, role := range []string{"MASTER", "HUB_MANAGER", "COMPANY", "SHIPPER", "CUSTOMER", "SERVER"} {
		if !strings.Contains(scheme.Value.Description, "`"+role+"`") {
			t.Errorf("bearerAuth description does not name role %s", role)
		}
	}
	if !strings.Contains(scheme.Value.Description, "| create, delete, restore |") {
		t.Error("bearerAuth description lacks the permission matrix")
	}
	if len(doc.Security) != 1 || doc.Security[0]["bearerAuth"] == nil {
		t.Errorf("global security = %v, want bearerAuth", doc.Security)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			public := !strings.HasPrefix(path, "/api/")
			switch {
			case public && (op.Security == nil || len(*op.Security) != 0):
				t.Errorf("%s %s must have security: []", method, path)
			case !public && op.Security != nil:
				t.Errorf("%s %s must use the global security", method, path)
			}
		}
	}
}

// wantOperations is every operation of the contract: nine on hubs, seven on hub routes, two on
// paths, two on the event feed, four for operators, the console's dev sign-in, and a HEAD for
// each GET (added by init, with the GET's statuses).
var wantOperations = map[string]struct {
	id, tag  string
	statuses []int
}{
	"POST /api/v1/hubs":                             {"createHub", "hubs", []int{201, 400, 401, 403, 408, 409, 415, 422, 429, 500, 503}},
	"GET /api/v1/hubs":                              {"searchHubs", "hubs", []int{200, 400, 401, 403, 429, 500, 503}},
	"POST /api/v1/hubs/batch-get":                   {"batchGetHubs", "hubs", []int{200, 400, 401, 403, 408, 415, 429, 500, 503}},
	"GET /api/v1/hubs/nearest":                      {"nearestHubs", "hubs", []int{200, 400, 401, 403, 429, 500, 503}},
	"GET /api/v1/hub-paths":                         {"findHubPath", "paths", []int{200, 400, 401, 403, 404, 429, 500, 503}},
	"GET /api/v1/hub-paths/matrix":                  {"hubPathMatrix", "paths", []int{200, 400, 401, 403, 404, 409, 429, 500, 503}},
	"GET /api/v1/hubs/{hubId}":                      {"getHub", "hubs", []int{200, 304, 400, 401, 403, 404, 429, 500, 503}},
	"PUT /api/v1/hubs/{hubId}":                      {"replaceHub", "hubs", []int{200, 400, 401, 403, 404, 408, 409, 412, 415, 429, 500, 503}},
	"PATCH /api/v1/hubs/{hubId}":                    {"patchHub", "hubs", []int{200, 400, 401, 403, 404, 408, 409, 412, 415, 429, 500, 503}},
	"DELETE /api/v1/hubs/{hubId}":                   {"deleteHub", "hubs", []int{204, 400, 401, 403, 404, 409, 412, 429, 500, 503}},
	"POST /api/v1/hubs/{hubId}/restore":             {"restoreHub", "hubs", []int{200, 400, 401, 403, 404, 408, 409, 412, 422, 429, 500, 503}},
	"POST /api/v1/hub-routes":                       {"createRoute", "hub-routes", []int{201, 400, 401, 403, 408, 409, 415, 422, 429, 500, 503}},
	"GET /api/v1/hub-routes":                        {"searchRoutes", "hub-routes", []int{200, 400, 401, 403, 429, 500, 503}},
	"GET /api/v1/hub-routes/{routeId}":              {"getRoute", "hub-routes", []int{200, 304, 400, 401, 403, 404, 429, 500, 503}},
	"PUT /api/v1/hub-routes/{routeId}":              {"replaceRoute", "hub-routes", []int{200, 400, 401, 403, 404, 408, 409, 412, 415, 429, 500, 503}},
	"PATCH /api/v1/hub-routes/{routeId}":            {"patchRoute", "hub-routes", []int{200, 400, 401, 403, 404, 408, 409, 412, 415, 429, 500, 503}},
	"DELETE /api/v1/hub-routes/{routeId}":           {"deleteRoute", "hub-routes", []int{204, 400, 401, 403, 404, 412, 429, 500, 503}},
	"POST /api/v1/hub-routes/{routeId}/restore":     {"restoreRoute", "hub-routes", []int{200, 400, 401, 403, 404, 408, 409, 412, 422, 429, 500, 503}},
	"POST /api/v1/shippers":                         {"createShipper", "shippers", []int{201, 400, 401, 403, 408, 409, 415, 422, 429, 500, 503}},
	"GET /api/v1/shippers":                          {"searchShippers", "shippers", []int{200, 400, 401, 403, 429, 500, 503}},
	"GET /api/v1/shippers/{shipperId}":              {"getShipper", "shippers", []int{200, 304, 400, 401, 403, 404, 429, 500, 503}},
	"PUT /api/v1/shippers/{shipperId}":              {"replaceShipper", "shippers", []int{200, 400, 401, 403, 404, 408, 409, 412, 415, 422, 429, 500, 503}},
	"PATCH /api/v1/shippers/{shipperId}":            {"patchShipper", "shippers", []int{200, 400, 401, 403, 404, 408, 409, 412, 415, 422, 429, 500, 503}},
	"DELETE /api/v1/shippers/{shipperId}":           {"deleteShipper", "shippers", []int{204, 400, 401, 403, 404, 412, 429, 500, 503}},
	"POST /api/v1/shippers/{shipperId}/restore":     {"restoreShipper", "shippers", []int{200, 400, 401, 403, 404, 408, 409, 412, 422, 429, 500, 503}},
	"POST /api/v1/hubs/{hubId}/shipper-assignments": {"assignShipper", "shippers", []int{200, 400, 401, 403, 404, 408, 415, 429, 500, 503}},
	"GET /api/v1/hub-events":                        {"listHubEvents", "events", []int{200, 400, 401, 403, 429, 500, 503}},
	"GET /api/v1/hub-events/stream":                 {"streamHubEvents", "events", []int{200, 400, 401, 403, 429, 500, 503}},
	"GET /livez":                                    {"livez", "operations", []int{200}},
	"GET /readyz":                                   {"readyz", "operations", []int{200, 503}},
	"GET /openapi.json":                             {"openapi", "operations", []int{200}},
	"GET /metrics":                                  {"metrics", "operations", []int{200}},
	"POST /dev/token":                               {"devToken", "console", []int{200, 400, 404, 408, 415, 429, 500}},
}

// companyOperations are the seven company operations (issue 12), merged into wantOperations.
var companyOperations = map[string]struct {
	id, tag  string
	statuses []int
}{
	"POST /api/v1/companies":                     {"createCompany", "companies", []int{201, 400, 401, 403, 408, 409, 415, 422, 429, 500, 503}},
	"GET /api/v1/companies":                      {"searchCompanies", "companies", []int{200, 400, 401, 403, 429, 500, 503}},
	"GET /api/v1/companies/{companyId}":          {"getCompany", "companies", []int{200, 304, 400, 401, 403, 404, 429, 500, 503}},
	"PUT /api/v1/companies/{companyId}":          {"replaceCompany", "companies", []int{200, 400, 401, 403, 404, 408, 409, 412, 415, 422, 429, 500, 503}},
	"PATCH /api/v1/companies/{companyId}":        {"patchCompany", "companies", []int{200, 400, 401, 403, 404, 408, 409, 412, 415, 422, 429, 500, 503}},
	"DELETE /api/v1/companies/{companyId}":       {"deleteCompany", "companies", []int{204, 400, 401, 403, 404, 412, 429, 500, 503}},
	"POST /api/v1/companies/{companyId}/restore": {"restoreCompany", "companies", []int{200, 400, 401, 403, 404, 408, 409, 412, 422, 429, 500, 503}},
}

func init() {
	maps.Copy(wantOperations, companyOperations)
	for op, w := range wantOperations {
		if path, ok := strings.CutPrefix(op, "GET "); ok {
			w.id += "Head"
			wantOperations["HEAD "+path] = w
		}
	}
}

func TestOperations(t *testing.T) {
	v := newValidator(t)
	want := []string{
		"DELETE /api/v1/companies/{companyId}",
		"DELETE /api/v1/hub-routes/{routeId}",
		"DELETE /api/v1/hubs/{hubId}",
		"GET /api/v1/companies",
		"GET /api/v1/companies/{companyId}",
		"DELETE /api/v1/shippers/{shipperId}",
		"GET /api/v1/hub-events",
		"GET /api/v1/hub-events/stream",
		"GET /api/v1/hub-paths",
		"GET /api/v1/hub-paths/matrix",
		"GET /api/v1/hub-routes",
		"GET /api/v1/hub-routes/{routeId}",
		"GET /api/v1/hubs",
		"GET /api/v1/hubs/nearest",
		"GET /api/v1/hubs/{hubId}",
		"GET /api/v1/shippers",
		"GET /api/v1/shippers/{shipperId}",
		"GET /livez",
		"GET /metrics",
		"GET /openapi.json",
		"GET /readyz",
		"HEAD /api/v1/companies",
		"HEAD /api/v1/companies/{companyId}",
		"HEAD /api/v1/hub-events",
		"HEAD /api/v1/hub-events/stream",
		"HEAD /api/v1/hub-paths",
		"HEAD /api/v1/hub-paths/matrix",
		"HEAD /api/v1/hub-routes",
		"HEAD /api/v1/hub-routes/{routeId}",
		"HEAD /api/v1/hubs",
		"HEAD /api/v1/hubs/nearest",
		"HEAD /api/v1/hubs/{hubId}",
		"HEAD /api/v1/shippers",
		"HEAD /api/v1/shippers/{shipperId}",
		"HEAD /livez",
		"HEAD /metrics",
		"HEAD /openapi.json",
		"HEAD /readyz",
		"PATCH /api/v1/companies/{companyId}",
		"PATCH /api/v1/hub-routes/{routeId}",
		"PATCH /api/v1/hubs/{hubId}",
		"POST /api/v1/companies",
		"POST /api/v1/companies/{companyId}/restore",
		"PATCH /api/v1/shippers/{shipperId}",
		"POST /api/v1/hub-routes",
		"POST /api/v1/hub-routes/{routeId}/restore",
		"POST /api/v1/hubs",
		"POST /api/v1/hubs/batch-get",
		"POST /api/v1/hubs/{hubId}/restore",
		"PUT /api/v1/companies/{companyId}",
		"POST /api/v1/hubs/{hubId}/shipper-assignments",
		"POST /api/v1/shippers",
		"POST /api/v1/shippers/{shipperId}/restore",
		"PUT /api/v1/hub-routes/{routeId}",
		"PUT /api/v1/hubs/{hubId}",
		"PUT /api/v1/shippers/{shipperId}",
		"POST /dev/token",
	}
	got := v.Operations()
	slices.Sort(want) // Operations() is sorted; the list above is grouped by aggregate
	if !slices.Equal(got, want) {
		t.Fatalf("Operations() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(wantOperations) != len(want) {
		t.Fatalf("wantOperations has %d entries, want %d", len(wantOperations), len(want))
	}
	got[0] = "mutated"
	if v.Operations()[0] == "mutated" {
		t.Error("Operations() must return a copy")
	}
}

func TestOperationDetails(t *testing.T) {
	doc := loadDoc(t)
	ids := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			key := method + " " + path
			w, ok := wantOperations[key]
			if !ok {
				t.Errorf("unexpected operation %s", key)
				continue
			}
			if op.OperationID != w.id || ids[op.OperationID] {
				t.Errorf("%s operationId = %q, want unique %q", key, op.OperationID, w.id)
			}
			ids[op.OperationID] = true
			if op.Summary == "" {
				t.Errorf("%s has no summary", key)
			}
			if !slices.Equal(op.Tags, []string{w.tag}) {
				t.Errorf("%s tags = %v, want [%s]", key, op.Tags, w.tag)
			}
			var statuses []int
			for code, resp := range op.Responses.Map() {
				n, err := strconv.Atoi(code)
				if err != nil {
					t.Errorf("%s declares response %q; only explicit statuses are allowed", key, code)
					continue
				}
				statuses = append(statuses, n)
				if resp.Value.Headers["X-Request-ID"] == nil {
					t.Errorf("%s %s does not declare X-Request-ID", key, code)
				}
				if n >= 400 && resp.Value.Content.Get("application/problem+json") == nil {
					t.Errorf("%s %s is not application/problem+json", key, code)
				}
			}
			sort.Ints(statuses)
			if !slices.Equal(statuses, w.statuses) {
				t.Errorf("%s statuses = %v, want %v", key, statuses, w.statuses)
			}
		}
	}
}

func TestHeadersOfSuccesses(t *testing.T) {
	doc := loadDoc(t)
	required := func(method, path, status, header string) {
		t.Helper()
		h := doc.Paths.Value(path).GetOperation(method).Responses.Value(status).Value.Headers[header]
		if h == nil || !h.Value.Required {
			t.Errorf("%s %s %s: header %s must be declared required", method, path, status, header)
		}
	}
	required("POST", "/api/v1/hubs", "201", "Location")
	required("POST", "/api/v1/hubs", "201", "ETag")
	for _, m := range []string{"GET", "PUT", "PATCH"} {
		required(m, "/api/v1/hubs/{hubId}", "200", "ETag")
	}
	required("GET", "/api/v1/hubs/{hubId}", "304", "ETag")
	required("POST", "/api/v1/hubs/{hubId}/restore", "200", "ETag")
	link := doc.Paths.Value("/api/v1/hubs").Get.Responses.Value("200").Value.Headers["Link"]
	if link == nil || link.Value.Required {
		t.Error("GET /api/v1/hubs 200 must declare an optional Link header")
	}
	patch := doc.Paths.Value("/api/v1/hubs/{hubId}").Patch.RequestBody.Value.Content
	for _, ct := range []string{"application/merge-patch+json", "application/json"} {
		if patch[ct] == nil || patch[ct].Schema.Ref != "#/components/schemas/HubPatch" {
			t.Errorf("PATCH must accept %s as HubPatch", ct)
		}
	}
	for _, m := range []string{"PUT", "PATCH", "DELETE"} {
		if doc.Paths.Value("/api/v1/hubs/{hubId}").GetOperation(m).Parameters.GetByInAndName("header", "If-Match") == nil {
			t.Errorf("%s /api/v1/hubs/{hubId} lacks If-Match", m)
		}
	}
	if doc.Paths.Value("/api/v1/hubs/{hubId}/restore").Post.Parameters.GetByInAndName("header", "If-Match") == nil {
		t.Error("restore lacks If-Match")
	}
	if doc.Paths.Value("/api/v1/hubs/{hubId}").Get.Parameters.GetByInAndName("header", "If-None-Match") == nil {
		t.Error("GET hub lacks If-None-Match")
	}
}

func TestSearchParameters(t *testing.T) {
	doc := loadDoc(t)
	params := doc.Paths.Value("/api/v1/hubs").Get.Parameters
	get := func(name string) *openapi3.Parameter {
		p := params.GetByInAndName("query", name)
		if p == nil {
			t.Fatalf("no query parameter %s", name)
		}
		return p
	}
	if s := get("hubId").Schema.Value; !s.Type.Is("string") || s.Format != "uuid" {
		t.Error("hubId must be a uuid")
	}
	if s := get("hubManagerId").Schema.Value; len(s.AnyOf) != 2 || s.AnyOf[0].Value.Format != "uuid" ||
		len(s.AnyOf[1].Value.Enum) != 1 || s.AnyOf[1].Value.Enum[0] != "me" {
		t.Error("hubManagerId must be a uuid or me")
	}
	if s := get("hubName").Schema.Value; !s.Type.Is("string") {
		t.Error("hubName must be a string")
	}
	if s := get("isDeleted").Schema.Value; !s.Type.Is("boolean") || s.Default != false {
		t.Error("isDeleted must be a boolean defaulting to false")
	}
	if s := get("page").Schema.Value; !s.Type.Is("integer") || s.Min == nil || *s.Min != 0 || s.Default != 0.0 {
		t.Errorf("page must be an integer >= 0 defaulting to 0, got %+v", s)
	}
	if s := get("size").Schema.Value; !s.Type.Is("integer") || *s.Min != 1 || *s.Max != 100 || s.Default != 20.0 {
		t.Errorf("size must be an integer 1..100 defaulting to 20, got %+v", s)
	}
	sortParam := get("sort")
	if sortParam.Style != "form" || sortParam.Explode == nil || !*sortParam.Explode {
		t.Error("sort must be form style, exploded")
	}
	s := sortParam.Schema.Value
	if !s.Type.Is("array") || s.Items.Value.Pattern != "^(hubName|createdAt|updatedAt)(,(asc|desc))?$" {
		t.Errorf("sort schema = %+v", s)
	}
	if d, ok := s.Default.([]any); !ok || len(d) != 1 || d[0] != "createdAt,desc" {
		t.Errorf("sort default = %v, want [createdAt,desc]", s.Default)
	}
	if !strings.Contains(sortParam.Description, "tie-breaker") {
		t.Error("sort must say hubId is the final tie-breaker")
	}
	if !strings.Contains(doc.Paths.Value("/api/v1/hubs").Get.Description, "count") {
		t.Error("searchHubs must describe when the count query runs")
	}
}

// hub returns a valid hub response body, changed by edit.
func hub(t *testing.T, edit func(map[string]any)) []byte {
	t.Helper()
	h := map[string]any{
		"hubId":        hubID,
		"hubName":      "서울특별시 센터",
		"hubManagerId": nil,
		"address":      map[string]any{"zipCode": "05544", "address1": "서울특별시 송파구 송파대로 55", "address2": ""},
		"location":     map[string]any{"latitude": 37.4742027808565, "longitude": 127.123621185562},
		"isDeleted":    false,
		"version":      1,
		"createdAt":    "2026-11-21T05:00:00Z",
		"createdBy":    userID,
		"updatedAt":    "2026-11-21T05:00:00Z",
		"updatedBy":    userID,
		"deletedAt":    nil,
		"deletedBy":    nil,
	}
	if edit != nil {
		edit(h)
	}
	b, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func problem(status int, code string) []byte {
	b, _ := json.Marshal(map[string]any{
		"type": "about:blank", "title": http.StatusText(status), "status": status, "code": code,
		"detail": "something", "errors": []map[string]string{{"field": "hubId", "message": "must be a UUID"}},
	})
	return b
}

// request is what a component test has in hand: an absolute URL, a token and a spent body.
func request(method, target string) *http.Request {
	r := httptest.NewRequest(method, "http://127.0.0.1:43210"+target, strings.NewReader(`{"not": "validated"`))
	r.Header.Set("Authorization", "Bearer not.a.jwt")
	r.Header.Set("Content-Type", "text/plain")
	return r
}

func headers(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

var (
	jsonHeaders    = headers("Content-Type", "application/json", "X-Request-ID", "r-1")
	hubHeaders     = headers("Content-Type", "application/json", "ETag", `"1"`, "X-Request-ID", "r-1")
	problemHeaders = headers("Content-Type", "application/problem+json", "X-Request-ID", "r-1")
)

func TestValidateResponseAccepts(t *testing.T) {
	v := newValidator(t)
	deleted := hub(t, func(h map[string]any) {
		h["isDeleted"], h["version"], h["hubManagerId"], h["location"] = true, 2, userID, nil
		h["deletedAt"], h["deletedBy"] = "2026-11-22T01:02:03.123456Z", userID
	})
	page, _ := json.Marshal(map[string]any{
		"content": []json.RawMessage{hub(t, nil), deleted},
		"page":    map[string]any{"size": 2, "number": 0, "totalElements": 2, "totalPages": 1, "hasNext": false},
	})
	empty := []byte(`{"content":[],"page":{"size":20,"number":5,"totalElements":17,"totalPages":1,"hasNext":false}}`)
	created := headers("Content-Type", "application/json; charset=utf-8", "ETag", `"1"`, "Location", hubPath)
	for _, c := range []struct {
		name         string
		method, path string
		status       int
		header       http.Header
		body         []byte
	}{
		{"get hub", "GET", hubPath, 200, hubHeaders, hub(t, nil)},
		{"get deleted hub", "GET", hubPath, 200, hubHeaders, deleted},
		{"not modified", "GET", hubPath, 304, headers("ETag", `"1"`), nil},
		{"create", "POST", "/api/v1/hubs", 201, created, hub(t, nil)},
		{"replace", "PUT", hubPath, 200, hubHeaders, hub(t, nil)},
		{"patch", "PATCH", hubPath, 200, hubHeaders, hub(t, nil)},
		{"restore", "POST", hubPath + "/restore", 200, hubHeaders, hub(t, nil)},
		{"delete", "DELETE", hubPath, 204, headers("X-Request-ID", "r-1"), nil},
		{"search", "GET", "/api/v1/hubs?size=2&sort=hubName&sort=createdAt,desc", 200, jsonHeaders, page},
		{"search past the end", "GET", "/api/v1/hubs?page=5", 200, jsonHeaders, empty},
		{"bad query parameter", "GET", "/api/v1/hubs?size=1000&sort=nope", 400, problemHeaders, problem(400, "INVALID_PARAMETER")},
		{"bad path parameter", "GET", "/api/v1/hubs/not-a-uuid", 400, problemHeaders, problem(400, "INVALID_PARAMETER")},
		{"unauthenticated", "DELETE", hubPath, 401, problemHeaders, problem(401, "UNAUTHENTICATED")},
		{"name taken", "POST", "/api/v1/hubs", 409, problemHeaders, problem(409, "HUB_NAME_TAKEN")},
		{"not deleted", "POST", hubPath + "/restore", 409, problemHeaders, problem(409, "HUB_NOT_DELETED")},
		{"version mismatch", "PATCH", hubPath, 412, headers("Content-Type", "application/problem+json", "ETag", `"2"`, "X-Request-ID", "r-1"), problem(412, "VERSION_MISMATCH")},
		{"media type", "PATCH", hubPath, 415, problemHeaders, problem(415, "UNSUPPORTED_MEDIA_TYPE")},
		{"livez", "GET", "/livez", 200, jsonHeaders, []byte(`{"status":"ok"}`)},
		{"readyz", "GET", "/readyz", 200, jsonHeaders, []byte(`{"status":"ok"}`)},
		{"not ready", "GET", "/readyz", 503, problemHeaders, problem(503, "NOT_READY")},
		{"openapi.json", "GET", "/openapi.json", 200, jsonHeaders, openapi.Document},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := v.ValidateResponse(request(c.method, c.path), c.status, c.header, c.body); err != nil {
				t.Errorf("rejected: %v", err)
			}
		})
	}
}

func TestValidateResponseRejects(t *testing.T) {
	v := newValidator(t)
	for _, c := range []struct {
		name         string
		method, path string
		status       int
		header       http.Header
		body         []byte
		want         string
	}{
		{"hub without version", "GET", hubPath, 200, hubHeaders,
			hub(t, func(h map[string]any) { delete(h, "version") }), "version"},
		{"hub with version 0", "GET", hubPath, 200, hubHeaders,
			hub(t, func(h map[string]any) { h["version"] = 0 }), "version"},
		{"hub with an extra field", "GET", hubPath, 200, hubHeaders,
			hub(t, func(h map[string]any) { h["name"] = "x" }), "name"},
		{"hub with a hubId that is not a UUID", "GET", hubPath, 200, hubHeaders,
			hub(t, func(h map[string]any) { h["hubId"] = "42" }), "hubId"},
		{"hub without address2", "GET", hubPath, 200, hubHeaders,
			hub(t, func(h map[string]any) { delete(h["address"].(map[string]any), "address2") }), "address2"},
		{"hub with half a location", "GET", hubPath, 200, hubHeaders,
			hub(t, func(h map[string]any) { h["location"] = map[string]any{"latitude": 1.0} }), "longitude"},
		{"hub with a local time", "GET", hubPath, 200, hubHeaders,
			hub(t, func(h map[string]any) { h["createdAt"] = "21/11/2026" }), "createdAt"},
		{"hub without ETag", "GET", hubPath, 200, jsonHeaders, hub(t, nil), "ETag"},
		{"hub with a weak ETag", "PUT", hubPath, 200,
			headers("Content-Type", "application/json", "ETag", `W/"1"`), hub(t, nil), "ETag"},
		{"created without Location", "POST", "/api/v1/hubs", 201, hubHeaders, hub(t, nil), "Location"},
		{"undocumented status", "GET", hubPath, 409, problemHeaders, problem(409, "HUB_NAME_TAKEN"), "not documented"},
		{"undocumented 201", "PUT", hubPath, 201, hubHeaders, hub(t, nil), "not documented"},
		{"undocumented 304", "GET", "/api/v1/hubs", 304, headers("ETag", `"1"`), nil, "not documented"},
		{"304 without ETag", "GET", hubPath, 304, http.Header{}, nil, "ETag"},
		{"412 without ETag", "PATCH", hubPath, 412, problemHeaders, problem(412, "VERSION_MISMATCH"), "ETag"},
		{"204 with a body", "DELETE", hubPath, 204, jsonHeaders, hub(t, nil), "no body"},
		{"problem as application/json", "GET", hubPath, 404, jsonHeaders, problem(404, "HUB_NOT_FOUND"), "Content-Type"},
		{"problem without content type", "GET", hubPath, 404, http.Header{}, problem(404, "HUB_NOT_FOUND"), "Content-Type"},
		{"problem with an unknown code", "GET", hubPath, 404, problemHeaders, problem(404, "NO_SUCH_HUB"), "code"},
		{"problem without code", "GET", hubPath, 404, problemHeaders,
			[]byte(`{"type":"about:blank","title":"Not Found","status":404}`), "code"},
		{"hub as text", "GET", hubPath, 200,
			headers("Content-Type", "text/plain", "ETag", `"1"`), hub(t, nil), "Content-Type"},
		{"page without hasNext", "GET", "/api/v1/hubs", 200, jsonHeaders,
			[]byte(`{"content":[],"page":{"size":20,"number":0}}`), "hasNext"},
		{"health without status", "GET", "/livez", 200, jsonHeaders, []byte(`{}`), `property "status" is missing`},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := v.ValidateResponse(request(c.method, c.path), c.status, c.header, c.body)
			if err == nil {
				t.Fatal("accepted")
			}
			t.Log(err)
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not mention %q", err, c.want)
			}
		})
	}
}

func TestValidateResponseUnknownRoute(t *testing.T) {
	v := newValidator(t)
	for _, c := range []struct{ method, path string }{
		{"GET", "/api/v1/nothing"},
		{"GET", "/api/v2/hubs"},
		{"GET", "/api/v1/hubs/" + hubID + "/restore"}, // restore is POST only
		{"POST", "/livez"},
		{"HEAD", "/livez"},
		{"DELETE", "/api/v1/hubs"},
	} {
		err := v.ValidateResponse(request(c.method, c.path), 200, jsonHeaders, []byte(`{"status":"ok"}`))
		if err == nil {
			t.Errorf("%s %s: an unknown route was accepted", c.method, c.path)
			continue
		}
		t.Log(err)
	}
	if err := v.ValidateResponse(nil, 200, nil, nil); err == nil {
		t.Error("a nil request was accepted")
	}
}

func TestValidateResponseLeavesRequestAlone(t *testing.T) {
	v := newValidator(t)
	r := request("GET", hubPath)
	if err := v.ValidateResponse(r, 200, hubHeaders, hub(t, nil)); err != nil {
		t.Fatal(err)
	}
	if r.URL.Host != "127.0.0.1:43210" || r.Header.Get("Authorization") == "" {
		t.Errorf("the caller's request was changed: %v", r.URL)
	}
}

func TestValidatorIsSafeForConcurrentUse(t *testing.T) {
	v := newValidator(t)
	good, bad := hub(t, nil), hub(t, func(h map[string]any) { delete(h, "version") })
	done := make(chan error, 16)
	for i := range 16 {
		go func() {
			body, wantErr := good, false
			if i%2 == 1 {
				body, wantErr = bad, true
			}
			err := v.ValidateResponse(request("GET", hubPath), 200, hubHeaders, body)
			if (err != nil) != wantErr {
				done <- fmt.Errorf("want an error: %v, got %v", wantErr, err)
				return
			}
			done <- nil
		}()
	}
	for range 16 {
		if err := <-done; err != nil {
			t.Errorf("goroutine: %v", err)
		}
	}
}
