package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/infrastructure/config"
	"github.com/hubd/hubd/internal/infrastructure/token"
)

func TestTokenIsSignedWithTheDevSecret(t *testing.T) {
	isolate(t)
	dataDir := filepath.Join(t.TempDir(), "data")
	t.Setenv(config.EnvDataDir, dataDir)
	serveMadeTheSecret(t, dataDir)
	sub := uuid.NewString()
	code, stdout, stderr := runCLI("token", "--role", "MASTER", "--sub", sub, "--ttl", "30m")
	if code != exitOK || stderr != "" {
		t.Fatalf("hubd token = %d, stderr %q", code, stderr)
	}
	claims := verify(t, dataDir, stdout)
	if claims.Subject != sub || claims.Role != "MASTER" {
		t.Errorf("claims = %+v, want sub %s and role MASTER", claims, sub)
	}
	if left := time.Until(claims.ExpiresAt); left < 29*time.Minute || left > 31*time.Minute {
		t.Errorf("token expires in %v, want 30m", left)
	}
}

func TestTokenWithoutSubUsesARandomOne(t *testing.T) {
	isolate(t)
	dataDir := t.TempDir()
	t.Setenv(config.EnvDataDir, dataDir)
	serveMadeTheSecret(t, dataDir)
	code, stdout, stderr := runCLI("token", "--role", "HUB_MANAGER")
	if code != exitOK {
		t.Fatalf("hubd token = %d, stderr %q", code, stderr)
	}
	claims := verify(t, dataDir, stdout)
	if _, err := uuid.Parse(claims.Subject); err != nil || !strings.Contains(stderr, claims.Subject) {
		t.Errorf("sub %q is not a UUID noted on stderr %q", claims.Subject, stderr)
	}
}

func TestTokenUsesTheConfiguredSecret(t *testing.T) {
	isolate(t)
	dataDir := t.TempDir()
	secret := strings.Repeat("k", 40)
	t.Setenv(config.EnvDataDir, dataDir)
	t.Setenv(config.EnvJWTSecret, secret)
	code, stdout, stderr := runCLI("token", "--role", "SERVER", "--sub", uuid.NewString())
	if code != exitOK {
		t.Fatalf("hubd token = %d, stderr %q", code, stderr)
	}
	tokens, _ := token.NewHS256([]byte(secret))
	if _, err := tokens.Verify(strings.TrimSpace(stdout)); err != nil {
		t.Errorf("token does not verify with HUBD_JWT_SECRET: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dataDir, config.SecretFile)); err == nil {
		t.Error("a dev secret was created although a secret is configured")
	}
}

func TestTokenRefusesBadArguments(t *testing.T) {
	isolate(t)
	t.Setenv(config.EnvDataDir, t.TempDir())
	for _, args := range [][]string{
		{"--role", "NOPE"}, {}, {"--role", "master"}, {"--role", "MASTER", "--sub", "42"},
		{"--role", "MASTER", "--sub", uuid.Nil.String()}, {"--role", "MASTER", "--ttl", "-1h"},
		{"--role", "MASTER", "--bogus"}, {"--role", "MASTER", "extra"},
	} {
		code, stdout, stderr := runCLI(append([]string{"token"}, args...)...)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, "usage: hubd token") {
			t.Errorf("hubd token %v = %d, stdout %q, stderr %q; want 2 and usage on stderr", args, code, stdout, stderr)
		}
	}
	_, _, stderr := runCLI("token", "--role", "NOPE")
	if !strings.Contains(stderr, "MASTER, HUB_MANAGER, COMPANY, SHIPPER, CUSTOMER, SERVER") {
		t.Errorf("unknown role error does not list the roles: %q", stderr)
	}
}

// TestTokenRefusesToInventASecret: token run where no serve made a dev secret (the default
// ./.hubd of another directory) says which file it looked for and how to fix it, exits 1,
// prints no token and creates nothing; --create-secret makes one, which serve then uses.
func TestTokenRefusesToInventASecret(t *testing.T) {
	isolate(t)
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(cwd, ".hubd", config.SecretFile) // absolute, though the data dir is ./.hubd
	code, stdout, stderr := runCLI("token", "--role", "MASTER", "--sub", uuid.NewString())
	if code != exitError || stdout != "" {
		t.Errorf("hubd token without a dev secret = %d, stdout %q; want 1 and no token", code, stdout)
	}
	for _, hint := range []string{want, "hubd serve", "--data-dir", config.EnvDataDir, "--create-secret"} {
		if !strings.Contains(stderr, hint) {
			t.Errorf("stderr lacks %q: %s", hint, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(cwd, ".hubd")); !os.IsNotExist(err) {
		t.Errorf("the refused token created %s (stat: %v)", filepath.Join(cwd, ".hubd"), err)
	}

	code, stdout, stderr = runCLI("token", "--role", "MASTER", "--sub", uuid.NewString(), "--create-secret")
	if code != exitOK {
		t.Fatalf("hubd token --create-secret = %d, stderr %q", code, stderr)
	}
	verify(t, filepath.Join(cwd, ".hubd"), stdout)
}

// TestTokenDataDirFlag: --data-dir picks the data dir over HUBD_DATA_DIR, so a token can be
// made for a serve started elsewhere.
func TestTokenDataDirFlag(t *testing.T) {
	isolate(t)
	served := t.TempDir()
	serveMadeTheSecret(t, served)
	t.Setenv(config.EnvDataDir, t.TempDir()) // holds no secret
	code, stdout, stderr := runCLI("token", "--role", "SERVER", "--sub", uuid.NewString(), "--data-dir", served)
	if code != exitOK {
		t.Fatalf("hubd token --data-dir = %d, stderr %q", code, stderr)
	}
	verify(t, served, stdout)
}

// serveMadeTheSecret creates dataDir's dev secret, as hubd serve's first start does.
func serveMadeTheSecret(t *testing.T, dataDir string) {
	t.Helper()
	if _, err := config.DevSecret(dataDir); err != nil {
		t.Fatal(err)
	}
}

// verify checks that out is one line holding a token the data dir's dev secret verifies.
func verify(t *testing.T, dataDir, out string) token.Claims {
	t.Helper()
	if strings.Count(out, "\n") != 1 || strings.Count(out, ".") != 2 {
		t.Fatalf("stdout %q is not exactly one token line", out)
	}
	secret, err := config.DevSecret(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := token.NewHS256(secret)
	if err != nil {
		t.Fatal(err)
	}
	claims, err := tokens.Verify(strings.TrimSpace(out))
	if err != nil {
		t.Fatalf("token does not verify with the dev secret: %v", err)
	}
	return claims
}
