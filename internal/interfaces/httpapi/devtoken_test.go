package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/infrastructure/token"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// devIssuer is the test environment's POST /dev/token issuer: the env's signer, one hour.
type devIssuer struct{ *token.HS256 }

func (d devIssuer) Issue(sub, role string) (string, time.Time, error) {
	return d.SignExpiring(sub, role, time.Hour)
}

// TestDevToken_MintsAWorkingToken: a role and a sub give a token of them that the API accepts;
// without a sub the token names a random user; the answer is not cacheable.
func TestDevToken_MintsAWorkingToken(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	sub := uuid.New()
	r := en.do("POST", "/dev/token", `{"role":"MASTER","sub":"`+sub.String()+`"}`)
	if r.Code != http.StatusOK || r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("POST /dev/token: %d, Cache-Control %q: %s", r.Code, r.Header.Get("Cache-Control"), r.Body)
	}
	var got struct {
		Token     string    `json:"token"`
		ExpiresAt time.Time `json:"expiresAt"`
	}
	if err := json.Unmarshal(r.Body, &got); err != nil {
		t.Fatal(err)
	}
	if left := time.Until(got.ExpiresAt); left < 59*time.Minute || left > time.Hour+time.Minute {
		t.Errorf("expiresAt %v is not an hour from now", got.ExpiresAt)
	}
	claims, err := en.signer.Verify(got.Token)
	if err != nil || claims.Subject != sub.String() || claims.Role != "MASTER" {
		t.Fatalf("token claims %+v, %v; want %s MASTER", claims, err, sub)
	}
	if r := en.do("GET", "/api/v1/hubs", "", "Authorization", "Bearer "+got.Token); r.Code != http.StatusOK {
		t.Errorf("GET /api/v1/hubs with the minted token: %d %s", r.Code, r.Body)
	}

	r = en.do("POST", "/dev/token", `{"role":"HUB_MANAGER"}`)
	if r.Code != http.StatusOK {
		t.Fatalf("without sub: %d %s", r.Code, r.Body)
	}
	if err := json.Unmarshal(r.Body, &got); err != nil {
		t.Fatal(err)
	}
	claims, err = en.signer.Verify(got.Token)
	if id, perr := uuid.Parse(claims.Subject); err != nil || perr != nil || id == uuid.Nil || claims.Role != "HUB_MANAGER" {
		t.Errorf("without sub: claims %+v, %v", claims, err)
	}
	// The console's probe: the path exists (POST only), so HEAD is 405, not 404.
	if code := headStatus(en, "/dev/token"); code != http.StatusMethodNotAllowed {
		t.Errorf("HEAD /dev/token: %d, want 405", code)
	}
}

// TestDevToken_BadBodies: every bad body is the contract's 400 naming the field; a wrong
// content type is 415.
func TestDevToken_BadBodies(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	for _, c := range []struct{ name, body, field string }{
		{"unknown role", `{"role":"ADMIN"}`, "role"},
		{"role in another case", `{"role":"master"}`, "role"},
		{"no role", `{"sub":"` + uuid.NewString() + `"}`, "role"},
		{"role not a string", `{"role":1}`, "role"},
		{"sub not a UUID", `{"role":"MASTER","sub":"alice"}`, "sub"},
		{"nil sub", `{"role":"MASTER","sub":"00000000-0000-0000-0000-000000000000"}`, "sub"},
		{"unknown field", `{"role":"MASTER","ttl":"24h"}`, "ttl"},
		{"field in another case", `{"Role":"MASTER"}`, "Role"},
		{"key twice", `{"role":"MASTER","role":"SERVER"}`, "role"},
		{"not an object", `["MASTER"]`, ""},
		{"malformed", `{"role":`, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := expectProblem(t, en.do("POST", "/dev/token", c.body), http.StatusBadRequest, httpapi.CodeInvalidBody)
			if c.field != "" && (len(p.Errors) == 0 || p.Errors[0].Field != c.field) {
				t.Errorf("errors %+v, want one naming %s", p.Errors, c.field)
			}
		})
	}
	if r := en.do("POST", "/dev/token", `{"role":"MASTER"}`, "Content-Type", "text/plain"); r.Code != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain: %d, want 415", r.Code)
	}
}

// TestDevToken_OffWithoutIssuer: with no issuer configured the path does not exist: 404 for
// POST and for the console's HEAD probe.
func TestDevToken_OffWithoutIssuer(t *testing.T) {
	t.Parallel()
	en := newEnv(t, func(c *httpapi.Config) { c.DevTokens = nil })
	expectProblem(t, en.do("POST", "/dev/token", `{"role":"MASTER"}`), http.StatusNotFound, httpapi.CodeNotFound)
	if code := headStatus(en, "/dev/token"); code != http.StatusNotFound {
		t.Errorf("HEAD /dev/token: %d, want 404", code)
	}
	for _, r := range en.e.Routes() {
		if strings.HasPrefix(r.Path, "/dev") {
			t.Errorf("route %s %s registered without an issuer", r.Method, r.Path)
		}
	}
}

// headStatus is the status of HEAD target (no body to check: send wants problems to have one).
func headStatus(en *env, target string) int {
	rec := httptest.NewRecorder()
	en.e.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, target, nil))
	return rec.Code
}
