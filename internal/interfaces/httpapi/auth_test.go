package httpapi_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/infrastructure/token"
	"github.com/hubd/hubd/internal/infrastructure/token/tokentest"
)

func TestAuth_Unauthenticated(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	rsaKey := tokentest.RSAKey(t)
	exp := time.Now().Add(time.Hour).Unix()
	claims := func(sub, role string, exp int64) jwt.MapClaims {
		return jwt.MapClaims{"sub": sub, "role": role, "exp": exp}
	}
	good := claims(masterID.String(), "MASTER", exp)
	validToken := tokentest.Sign(t, jwt.SigningMethodHS256, secret, good)
	parts := strings.Split(validToken, ".")
	forged := tokentest.Sign(t, jwt.SigningMethodHS256, secret, claims(masterID.String(), "CUSTOMER", exp))
	tamperedRole := parts[0] + "." + strings.Split(forged, ".")[1] + "." + parts[2]

	// HS/RS confusion: a header that says RS256 over a signature made with HMAC and our own
	// secret, as an attacker who reads "RS256" as "verify with the key I can guess" would send.
	hdr := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`))
	confused := hdr + "." + parts[1]
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(confused))
	confused += "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))

	cases := map[string]string{
		"HS/RS confusion":   "Bearer " + confused,
		"missing":           "",
		"not bearer":        "Basic " + validToken,
		"empty bearer":      "Bearer ",
		"expired":           "Bearer " + tokentest.Sign(t, jwt.SigningMethodHS256, secret, claims(masterID.String(), "MASTER", time.Now().Add(-time.Minute).Unix())),
		"no exp":            "Bearer " + tokentest.Sign(t, jwt.SigningMethodHS256, secret, jwt.MapClaims{"sub": masterID.String(), "role": "MASTER"}),
		"wrongly signed":    "Bearer " + tokentest.Sign(t, jwt.SigningMethodHS256, []byte(strings.Repeat("w", 40)), good),
		"alg none":          "Bearer " + tokentest.Sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, good),
		"RS256":             "Bearer " + tokentest.Sign(t, jwt.SigningMethodRS256, rsaKey, good),
		"tampered role":     "Bearer " + tamperedRole,
		"unknown role":      "Bearer " + tokentest.Sign(t, jwt.SigningMethodHS256, secret, claims(masterID.String(), "ADMIN", exp)),
		"sub not a UUID":    "Bearer " + tokentest.Sign(t, jwt.SigningMethodHS256, secret, claims("alice", "MASTER", exp)),
		"garbage":           "Bearer not-a-jwt",
		"lower-case bearer": "bearer " + tokentest.Sign(t, jwt.SigningMethodHS256, secret, claims(masterID.String(), "ADMIN", exp)),
	}
	for name, header := range cases {
		res := en.searchHubsWith(header)
		expectProblem(t, res, http.StatusUnauthorized, "UNAUTHENTICATED")
		if !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s: no WWW-Authenticate challenge", name)
		}
	}
	if r := en.do("GET", "/api/v1/hubs", "", "Authorization", "bearer "+validToken); r.Code != http.StatusOK {
		t.Errorf("the scheme is case-insensitive: %d", r.Code)
	}
	if r := en.do("POST", "/api/v1/hubs", `{"hubName":"x","address":{"address1":"y"}}`); r.Code != http.StatusUnauthorized {
		t.Errorf("unauthenticated create: %d", r.Code)
	}
	var n struct{ Page struct{ TotalElements int } }
	en.master("GET", "/api/v1/hubs", "").decode(t, &n)
	if n.Page.TotalElements != 0 {
		t.Errorf("an unauthenticated create wrote a hub")
	}
	_ = uuid.Nil
}

// TestAuth_RefusalsSayWhy: every refused token is a 401 whose RFC 6750 challenge carries
// error="invalid_token" and a description that says what is wrong, and whose detail says the
// same; a request without a token gets a challenge without an error code.
func TestAuth_RefusalsSayWhy(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	now := time.Now().Unix()
	const hdr = `{"alg":"HS256","typ":"JWT"}`
	claims := func(sub, extra string) string {
		return `{"sub":"` + sub + `","role":"MASTER"` + extra + `}`
	}
	master := masterID.String()
	exp := fmt.Sprintf(`,"exp":%d`, now+3600)
	good := tokentest.Forge(secret, hdr, claims(master, exp))
	if r := en.do("GET", "/api/v1/hubs", "", "Authorization", "Bearer "+good); r.Code != http.StatusOK {
		t.Fatalf("the well-formed token: %d %s", r.Code, r.Body)
	}
	day := int64(24 * 3600)
	cases := []struct{ name, tok, says string }{
		{"crit", tokentest.Forge(secret, `{"alg":"HS256","crit":["b64"],"b64":false}`, claims(master, exp)), "crit header lists extensions"},
		{"crit empty", tokentest.Forge(secret, `{"alg":"HS256","crit":[]}`, claims(master, exp)), "crit header is malformed"},
		{"exp a string", tokentest.Forge(secret, hdr, claims(master, fmt.Sprintf(`,"exp":"%d"`, now+3600))), "exp claim is not a NumericDate"},
		{"iat in the future", tokentest.Forge(secret, hdr, claims(master, exp+fmt.Sprintf(`,"iat":%d`, now+600))), "issued in the future"},
		{"nbf in the future", tokentest.Forge(secret, hdr, claims(master, exp+fmt.Sprintf(`,"nbf":%d`, now+600))), "not valid before"},
		{"lifetime above 30 days", tokentest.Forge(secret, hdr, claims(master, fmt.Sprintf(`,"iat":%d,"exp":%d`, now, now+31*day))), "lifetime"},
		{"lifetime above 30 days, no iat", tokentest.Forge(secret, hdr, claims(master, fmt.Sprintf(`,"exp":%d`, now+365*day))), "lifetime"},
		{"nil sub", tokentest.Forge(secret, hdr, claims(uuid.Nil.String(), exp)), "nil UUID"},
		{"non-canonical signature", tokentest.RespellSignature(t, good), "signature is not canonical base64url"},
		{"expired", tokentest.Forge(secret, hdr, claims(master, fmt.Sprintf(`,"exp":%d`, now-90))), "the token expired at " + time.Unix(now-90, 0).UTC().Format(time.RFC3339)},
		{"another secret", tokentest.Forge([]byte(strings.Repeat("w", 40)), hdr, claims(master, exp)), "the token's signature does not verify: was it signed with this server's secret?"},
		{"alg none", tokentest.Forge(secret, `{"alg":"none"}`, claims(master, exp)), "not HS256"},
		{"malformed", "not-a-jwt", "not a JWS compact serialization"},
		{"unknown role", tokentest.Forge(secret, hdr, `{"sub":"`+master+`","role":"ADMIN"`+exp+`}`), "unknown role"},
		{"sub not a UUID", tokentest.Forge(secret, hdr, claims("alice", exp)), "sub is not a UUID"},
	}
	for _, c := range cases {
		res := en.do("GET", "/api/v1/hubs", "", "Authorization", "Bearer "+c.tok)
		p := expectProblem(t, res, http.StatusUnauthorized, "UNAUTHENTICATED")
		challenge := res.Header.Get("WWW-Authenticate")
		want := `Bearer realm="hubd", error="invalid_token", error_description="`
		if !strings.HasPrefix(challenge, want) || !strings.HasSuffix(challenge, `"`) || !strings.Contains(challenge, c.says) {
			t.Errorf("%s: WWW-Authenticate %q, want %s… saying %q", c.name, challenge, want, c.says)
		}
		if !strings.Contains(p.Detail, c.says) {
			t.Errorf("%s: detail %q, want it to say %q", c.name, p.Detail, c.says)
		}
	}
	for name, header := range map[string]string{"missing": "", "not bearer": "Basic " + good, "empty bearer": "Bearer "} {
		res := en.searchHubsWith(header)
		expectProblem(t, res, http.StatusUnauthorized, "UNAUTHENTICATED")
		if got := res.Header.Get("WWW-Authenticate"); got != `Bearer realm="hubd"` {
			t.Errorf("%s: WWW-Authenticate %q, want a challenge without an error (RFC 6750 §3.1)", name, got)
		}
	}
}

// TestAuth_ExpiredIsNotCalledASignatureProblem: the two commonest refusals read differently,
// so a user knows whether to get a new token or the right secret.
func TestAuth_ExpiredIsNotCalledASignatureProblem(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	expired := tokentest.Forge(secret, `{"alg":"HS256"}`, fmt.Sprintf(`{"sub":"%s","role":"MASTER","exp":%d}`, masterID, time.Now().Unix()-5))
	other, _ := token.NewHS256([]byte(strings.Repeat("o", 32)))
	foreign, _ := other.Sign(masterID.String(), "MASTER", time.Hour)
	e := problemOf(t, en.do("GET", "/api/v1/hubs", "", "Authorization", "Bearer "+expired))
	s := problemOf(t, en.do("GET", "/api/v1/hubs", "", "Authorization", "Bearer "+foreign))
	if !strings.Contains(e.Detail, "expired") || strings.Contains(e.Detail, "signature") {
		t.Errorf("expired token: detail %q, want it to say expired and not signature", e.Detail)
	}
	if !strings.Contains(s.Detail, "signature") || strings.Contains(s.Detail, "expired") {
		t.Errorf("token of another secret: detail %q, want it to say signature and not expired", s.Detail)
	}
}

// TestAuth_TwoAuthorizationHeaders: which of two tokens counts would be a guess, so neither
// does: 400 naming the header, and nothing is written.
func TestAuth_TwoAuthorizationHeaders(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	for _, second := range []string{en.token("MASTER", masterID), "garbage"} {
		req := httptest.NewRequest("POST", "/api/v1/hubs", strings.NewReader(`{"hubName":"두 토큰","address":{"address1":"주소"}}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Add("Authorization", "Bearer "+en.token("MASTER", masterID))
		req.Header.Add("Authorization", "Bearer "+second)
		res := en.send(req)
		if err := validator.ValidateResponse(req, res.Code, res.Header, res.Body); err != nil {
			t.Errorf("response does not match the OpenAPI document: %v", err)
		}
		p := expectProblem(t, res, http.StatusBadRequest, "INVALID_PARAMETER")
		if !namesField(p.Errors, "Authorization") {
			t.Errorf("the 400 does not name Authorization: %s", res.Body)
		}
		if got := res.Header.Get("WWW-Authenticate"); !strings.Contains(got, `error="invalid_request"`) {
			t.Errorf("WWW-Authenticate %q, want error=\"invalid_request\"", got)
		}
	}
	var n struct{ Page struct{ TotalElements int } }
	en.master("GET", "/api/v1/hubs", "").decode(t, &n)
	if n.Page.TotalElements != 0 {
		t.Errorf("a request with two Authorization headers created %d hubs", n.Page.TotalElements)
	}
}

// searchHubsWith searches hubs with header as the Authorization ("": none at all).
func (en *env) searchHubsWith(header string) response {
	en.t.Helper()
	if header == "" {
		return en.do("GET", "/api/v1/hubs", "")
	}
	return en.do("GET", "/api/v1/hubs", "", "Authorization", header)
}
