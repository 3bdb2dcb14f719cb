package httpapi_test

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

func TestAuth_Unauthenticated(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	sign := func(m jwt.SigningMethod, key any, claims jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(m, claims).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	exp := time.Now().Add(time.Hour).Unix()
	claims := func(sub, role string, exp int64) jwt.MapClaims {
		return jwt.MapClaims{"sub": sub, "role": role, "exp": exp}
	}
	good := claims(masterID.String(), "MASTER", exp)
	validToken := sign(jwt.SigningMethodHS256, secret, good)
	parts := strings.Split(validToken, ".")
	forged := sign(jwt.SigningMethodHS256, secret, claims(masterID.String(), "CUSTOMER", exp))
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
		"expired":           "Bearer " + sign(jwt.SigningMethodHS256, secret, claims(masterID.String(), "MASTER", time.Now().Add(-time.Minute).Unix())),
		"no exp":            "Bearer " + sign(jwt.SigningMethodHS256, secret, jwt.MapClaims{"sub": masterID.String(), "role": "MASTER"}),
		"wrongly signed":    "Bearer " + sign(jwt.SigningMethodHS256, []byte(strings.Repeat("w", 40)), good),
		"alg none":          "Bearer " + sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, good),
		"RS256":             "Bearer " + sign(jwt.SigningMethodRS256, rsaKey, good),
		"tampered role":     "Bearer " + tamperedRole,
		"unknown role":      "Bearer " + sign(jwt.SigningMethodHS256, secret, claims(masterID.String(), "ADMIN", exp)),
		"sub not a UUID":    "Bearer " + sign(jwt.SigningMethodHS256, secret, claims("alice", "MASTER", exp)),
		"garbage":           "Bearer not-a-jwt",
		"lower-case bearer": "bearer " + sign(jwt.SigningMethodHS256, secret, claims(masterID.String(), "ADMIN", exp)),
	}
	for name, header := range cases {
		var res response
		if header == "" {
			res = en.do("GET", "/api/v1/hubs", "")
		} else {
			res = en.do("GET", "/api/v1/hubs", "", "Authorization", header)
		}
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
