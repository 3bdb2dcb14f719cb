package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/access"
	netquery "github.com/hubd/hubd/internal/application/network/query"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/hubstore"
	"github.com/hubd/hubd/internal/infrastructure/token"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
	"github.com/hubd/hubd/internal/interfaces/httpapi/companyapi"
	"github.com/hubd/hubd/internal/interfaces/httpapi/hubapi"
	"github.com/hubd/hubd/internal/interfaces/httpapi/networkapi"
	"github.com/hubd/hubd/internal/interfaces/httpapi/openapi/openapitest"
	"github.com/hubd/hubd/internal/interfaces/httpapi/routeapi"
	"github.com/hubd/hubd/internal/interfaces/httpapi/shipperapi"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var (
	secret   = []byte("component-test-secret-0123456789abcdef")
	clockNow = time.Date(2026, 11, 21, 5, 0, 0, 0, time.UTC)
	masterID = uuid.MustParse("0f5e0000-0000-4000-8000-0000000000aa")

	validatorOnce sync.Once
	validator     *openapitest.Validator
	validatorErr  error
)

// verifier adapts token.HS256 to the interface the HTTP layer asks for.
type verifier struct{ *token.HS256 }

func (v verifier) Verify(tok string) (string, string, error) {
	c, err := v.HS256.Verify(tok)
	return c.Subject, c.Role, err
}

// env is one service over its own database, driven through the Echo instance.
type env struct {
	t      testing.TB
	e      *echo.Echo
	signer *token.HS256
	logs   *syncBuffer
	ready  error
	db     *sqlx.DB
	done   chan struct{} // closed to end event streams, as a shutdown does
	opts   []func(*httpapi.Config)
	mu     sync.Mutex
	now    time.Time
	paths  *netquery.Projection // the network projection the paths are answered from
}

func newEnv(t testing.TB, opts ...func(*httpapi.Config)) *env {
	t.Helper()
	dsn := pgtest.NewDatabase(t)
	db, err := postgres.Open(context.Background(), dsn, postgres.PoolConfig{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	repo, err := hubstore.New(postgres.NewStore(db))
	if err != nil {
		t.Fatal(err)
	}
	notifier, err := postgres.NewEventNotifier(dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = notifier.Close() })
	en := &env{t: t, logs: &syncBuffer{}, now: clockNow, db: db, done: make(chan struct{}), opts: opts}
	en.serve(repo, notifier, func(context.Context) []httpapi.DatabaseStatus {
		s := httpapi.DatabaseStatus{Name: "primary", Role: "primary", OK: en.ready == nil}
		if en.ready != nil {
			s.Error = en.ready.Error()
		}
		return []httpapi.DatabaseStatus{s}
	})
	return en
}

// serve wires the application over repo and builds the Echo instance the tests drive.
func (en *env) serve(repo *hubstore.Repository, waker httpapi.Waker, ready func(context.Context) []httpapi.DatabaseStatus) {
	en.t.Helper()
	storage, err := apptest.Storage(repo.Store())
	if err != nil {
		en.t.Fatal(err)
	}
	app, err := application.New(storage, en.clock)
	if err != nil {
		en.t.Fatal(err)
	}
	en.paths = newPaths(en.t, repo.Store(), waker)
	if en.signer, err = token.NewHS256(secret); err != nil {
		en.t.Fatal(err)
	}
	cfg := httpapi.Config{
		Feed: app.Feed, Modules: []httpapi.Module{hubapi.New(app.Hubs), routeapi.New(app.Routes), networkapi.New(en.paths), companyapi.New(app.Companies), shipperapi.New(app.Shippers)}, Tokens: verifier{en.signer}, Ready: ready,
		Logger:      slog.New(slog.NewJSONHandler(en.logs, nil)),
		CursorKey:   []byte("component-test-cursor-key-0123456789"),
		Waker:       waker,
		Done:        en.done,
		Heartbeat:   time.Minute, // streams must be woken by NOTIFY, not by their heartbeat
		Idempotency: postgres.NewIdempotencyStore(en.db),
		Now:         en.clock,
		DevTokens:   devIssuer{en.signer},
	}
	for _, o := range en.opts {
		o(&cfg)
	}
	en.e, err = httpapi.New(cfg)
	if err != nil {
		en.t.Fatal(err)
	}
	loadValidator(en.t)
}

func loadValidator(t testing.TB) {
	t.Helper()
	validatorOnce.Do(func() { validator, validatorErr = openapitest.NewValidator() })
	if validatorErr != nil {
		t.Fatal(validatorErr)
	}
}

func (en *env) clock() time.Time {
	en.mu.Lock()
	defer en.mu.Unlock()
	return en.now
}

func (en *env) advance(d time.Duration) {
	en.mu.Lock()
	en.now = en.now.Add(d)
	en.mu.Unlock()
}

func (en *env) token(role access.Role, sub uuid.UUID) string {
	tok, err := en.signer.Sign(sub.String(), string(role), time.Hour)
	if err != nil {
		en.t.Fatal(err)
	}
	return tok
}

type response struct {
	Code   int
	Header http.Header
	Body   []byte
}

// do sends a request and checks what every response must have: an X-Request-ID, no 5xx, and a
// status, headers and body that the OpenAPI document allows.
func (en *env) do(method, target, body string, headers ...string) response {
	en.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res := en.send(req)
	if err := validator.ValidateResponse(req, res.Code, res.Header, res.Body); err != nil {
		en.t.Errorf("%s %s: response %d does not match the OpenAPI document: %v\n%s", method, target, res.Code, err, res.Body)
	}
	return res
}

// send serves req and checks what holds for every route, documented or not.
func (en *env) send(req *http.Request) response {
	en.t.Helper()
	method, target := req.Method, req.URL.String()
	rec := httptest.NewRecorder()
	en.e.ServeHTTP(rec, req)
	res := response{Code: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	if res.Header.Get("X-Request-ID") == "" {
		en.t.Errorf("%s %s: no X-Request-ID", method, target)
	}
	if res.Code >= 500 && res.Code != http.StatusServiceUnavailable {
		en.t.Errorf("%s %s: %d %s", method, target, res.Code, res.Body)
	}
	if res.Code >= 400 {
		checkProblem(en.t, res)
	}
	return res
}

// as sends with a bearer token of role.
func (en *env) as(role access.Role, sub uuid.UUID, method, target, body string, headers ...string) response {
	en.t.Helper()
	return en.do(method, target, body, append([]string{"Authorization", "Bearer " + en.token(role, sub)}, headers...)...)
}

func (en *env) master(method, target, body string, headers ...string) response {
	en.t.Helper()
	return en.as(access.Master, masterID, method, target, body, headers...)
}

// createHub makes a hub as MASTER and returns its id.
func (en *env) createHub(name string, manager *uuid.UUID) uuid.UUID {
	en.t.Helper()
	body := `{"hubName":"` + name + `","hubManagerId":` + nullableID(manager) + `,"address":{"address1":"주소"}}`
	return asMaster[struct{ HubID uuid.UUID }](en, http.StatusCreated, "POST", "/api/v1/hubs", body).HubID
}

func (r response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// checkProblem asserts a well-formed problem+json: content type, status equal to the HTTP
// status, a stable upper-case code, and no internals in it.
func checkProblem(t testing.TB, r response) httpapi.Problem {
	t.Helper()
	var p httpapi.Problem
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != httpapi.ProblemContentType {
		t.Errorf("status %d with content type %q: %s", r.Code, r.Header.Get("Content-Type"), r.Body)
		return p
	}
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Errorf("problem body %s: %v", r.Body, err)
		return p
	}
	if p.Status != r.Code || p.Type == "" || p.Title == "" || p.Code == "" || strings.ToUpper(p.Code) != p.Code {
		t.Errorf("malformed problem %+v for status %d", p, r.Code)
	}
	for _, leak := range []string{"pq:", "SELECT", "goroutine", "sql:", ".go:"} {
		if strings.Contains(string(r.Body), leak) {
			t.Errorf("problem leaks internals (%q): %s", leak, r.Body)
		}
	}
	return p
}

func problemOf(t testing.TB, r response) httpapi.Problem {
	t.Helper()
	return checkProblem(t, r)
}

func expectProblem(t testing.TB, r response, status int, code string) httpapi.Problem {
	t.Helper()
	if r.Code != status {
		t.Errorf("status %d, want %d: %s", r.Code, status, r.Body)
	}
	p := problemOf(t, r)
	if p.Code != code {
		t.Errorf("code %q, want %q: %s", p.Code, code, r.Body)
	}
	return p
}

// syncBuffer collects log output from concurrent requests.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var errNotReady = errors.New("database down")
