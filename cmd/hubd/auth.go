package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"github.com/hubd/hubd/internal/infrastructure/config"
	"github.com/hubd/hubd/internal/infrastructure/token"
)

// jwtSecret is the configured secret, else the dev secret in the data dir. serve and token
// both call it, which is what makes a token from `hubd token` valid for `hubd serve`.
func jwtSecret(cfg config.Config) ([]byte, error) {
	if cfg.JWT.Secret != "" {
		return cfg.JWT.Secret.Bytes(), nil
	}
	return config.DevSecret(cfg.DataDir)
}

// tokenOptions are the configured rules for tokens, the same for the issuer (`hubd token`) and
// the verifier (`hubd serve`).
func tokenOptions(cfg config.Config) []token.Option {
	return []token.Option{token.WithMaxLifetime(cfg.JWT.MaxLifetime)}
}

// tokenVerifier adapts token.HS256 to httpapi.TokenVerifier, keeping the HTTP layer free of
// the token package's types. Its errors (*token.Error) pass through unchanged: their
// Description is what the HTTP layer tells the client.
type tokenVerifier struct{ tokens *token.HS256 }

// Verify implements httpapi.TokenVerifier.
func (v tokenVerifier) Verify(tok string) (subject, role string, err error) {
	c, err := v.tokens.Verify(tok)
	if err != nil {
		return "", "", err
	}
	return c.Subject, c.Role, nil
}

// cursorKey derives the key that signs search cursors from the token secret, so that every
// instance sharing the secret accepts the others' cursors, and the key is never the token key
// itself.
func cursorKey(secret []byte) []byte {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("hubd search cursor key v1"))
	return mac.Sum(nil)
}
