// Package tokentest holds what the tests of package token and of the HTTP layer share to make
// the tokens they send: signed by golang-jwt with any algorithm and key, or forged from raw JSON.
// Only tests import it.
package tokentest

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// Sign is claims signed with method m and key by golang-jwt: the tokens a library would write.
func Sign(t testing.TB, m jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(m, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// RSAKey is a new 2048-bit RSA key, to sign an RS256 token an HS256 verifier must refuse.
func RSAKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// Forge signs header and claims, given as raw JSON, with HMAC-SHA256 under key: tokens that
// golang-jwt's helpers, or any well-behaved issuer, would not write.
func Forge(key []byte, header, claims string) string {
	enc := base64.RawURLEncoding
	signing := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(claims))
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(signing))
	return signing + "." + enc.EncodeToString(mac.Sum(nil))
}

// RespellSignature respells the last character of tok's 32-byte signature with other trailing
// bits: a lenient base64url decoder reads the same bytes, so the HMAC still verifies and only
// strict decoding tells the two apart.
func RespellSignature(t testing.TB, tok string) string {
	t.Helper()
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	i := strings.LastIndexByte(tok, '.')
	sig := tok[i+1:]
	last := strings.IndexByte(alphabet, sig[len(sig)-1])
	respelled := sig[:len(sig)-1] + string(alphabet[last^1])
	a, err1 := base64.RawURLEncoding.DecodeString(sig)
	b, err2 := base64.RawURLEncoding.DecodeString(respelled)
	if err1 != nil || err2 != nil || string(a) != string(b) {
		t.Fatalf("the respelled signature does not decode to the same bytes leniently: %v %v", err1, err2)
	}
	return tok[:i+1] + respelled
}
