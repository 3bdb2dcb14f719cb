package config_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hubd/hubd/internal/infrastructure/config"
)

// isolate clears every HUBD_* variable and moves into an empty directory, so neither the
// developer's environment nor the repository's configs/hubd.yaml leaks into a test.
func isolate(t *testing.T) {
	t.Helper()
	for _, name := range []string{config.EnvConfig, config.EnvDatabaseURL, config.EnvReadDatabaseURL,
		config.EnvDataDir, config.EnvHTTPAddr, config.EnvJWTSecret, config.EnvLogLevel, config.EnvLogFormat,
		config.EnvRateLimit, config.EnvRateBurst, config.EnvAnonymousRateLimit, config.EnvAnonymousRateBurst,
		config.EnvMaxStreams, config.EnvMaxStreamsPerCaller} {
		t.Setenv(name, "")
	}
	t.Setenv(config.EnvJWTMaxLifetime, "")
	t.Chdir(t.TempDir())
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hubd.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestMissingDefaultFileGivesDefaults(t *testing.T) {
	isolate(t)
	cfg, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg, config.Default()) {
		t.Errorf("Load = %+v, want the defaults %+v", cfg, config.Default())
	}
}

func TestShippedFileSaysTheDefaults(t *testing.T) {
	shipped, err := filepath.Abs(filepath.Join("..", "..", "..", "configs", "hubd.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	isolate(t) // after resolving the path: it changes the working directory
	cfg, err := config.Load(shipped)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg, config.Default()) {
		t.Errorf("configs/hubd.yaml = %+v, want the built-in defaults %+v", cfg, config.Default())
	}
}

func TestPrecedenceDefaultYAMLEnv(t *testing.T) {
	isolate(t)
	path := writeFile(t, "http:\n  addr: \":9000\"\ndata_dir: /var/lib/hubd\nlog:\n  level: debug\n"+
		"database:\n  max_open_conns: 7\n")
	t.Setenv(config.EnvHTTPAddr, "127.0.0.1:9999")
	t.Setenv(config.EnvDatabaseURL, "postgres://u@db:5432/hub?sslmode=disable")
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := config.Default()
	want.HTTP.Addr = "127.0.0.1:9999"                              // env over yaml
	want.Database.URL = "postgres://u@db:5432/hub?sslmode=disable" // env over default
	want.DataDir = "/var/lib/hubd"                                 // yaml over default
	want.Log.Level = "debug"                                       // yaml over default
	want.Database.MaxOpenConns = 7                                 // yaml, siblings keep defaults
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("Load =\n%+v\nwant\n%+v", cfg, want)
	}
}

func TestConfigEnvNamesTheFile(t *testing.T) {
	isolate(t)
	t.Setenv(config.EnvConfig, writeFile(t, "shutdown_timeout: 3s\n"))
	cfg, err := config.Load("")
	if err != nil || cfg.ShutdownTimeout != 3*time.Second {
		t.Fatalf("Load = %v, %v; want shutdown_timeout 3s from $%s", cfg.ShutdownTimeout, err, config.EnvConfig)
	}
	t.Setenv(config.EnvConfig, filepath.Join(t.TempDir(), "missing.yaml"))
	if _, err := config.Load(""); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing $%s file: err = %v, want not-exist", config.EnvConfig, err)
	}
}

func TestExplicitMissingFileIsAnError(t *testing.T) {
	isolate(t)
	if _, err := config.Load(filepath.Join(t.TempDir(), "nope.yaml")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want not-exist", err)
	}
}

func TestUnknownKeyIsAnError(t *testing.T) {
	isolate(t)
	for _, content := range []string{"http:\n  adr: \":9000\"\n", "databse:\n  url: x\n"} {
		_, err := config.Load(writeFile(t, content))
		if err == nil || !strings.Contains(err.Error(), "not found") {
			t.Errorf("Load(%q) err = %v, want an unknown-field error", content, err)
		}
	}
}

func TestEmptyFileGivesDefaults(t *testing.T) {
	isolate(t)
	cfg, err := config.Load(writeFile(t, "# nothing but a comment\n"))
	if err != nil || !reflect.DeepEqual(cfg, config.Default()) {
		t.Errorf("Load = %+v, %v; want the defaults", cfg, err)
	}
}

func TestShortSecretIsRefused(t *testing.T) {
	isolate(t)
	t.Setenv(config.EnvJWTSecret, strings.Repeat("x", 31))
	if _, err := config.Load(""); err == nil || !strings.Contains(err.Error(), "at least 32 bytes") {
		t.Errorf("31-byte env secret: err = %v", err)
	}
	t.Setenv(config.EnvJWTSecret, "")
	if _, err := config.Load(writeFile(t, "jwt:\n  secret: short\n")); err == nil {
		t.Error("a short secret in the file was accepted")
	}
	t.Setenv(config.EnvJWTSecret, strings.Repeat("x", 32))
	if cfg, err := config.Load(""); err != nil || string(cfg.JWT.Secret.Bytes()) != strings.Repeat("x", 32) {
		t.Errorf("32-byte secret: %v", err)
	}
}

func TestInvalidValuesAreNamed(t *testing.T) {
	isolate(t)
	_, err := config.Load(writeFile(t, "log:\n  level: loud\n  format: xml\nshutdown_timeout: 0s\n"))
	for _, want := range []string{"log.level", "log.format", "shutdown_timeout"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want it to name %s", err, want)
		}
	}
}

func TestSecretIsNotPrinted(t *testing.T) {
	cfg := config.Default()
	cfg.JWT.Secret = config.Secret(strings.Repeat("s3cr3t", 8))
	if out := fmt.Sprintf("%v %+v", cfg, cfg); strings.Contains(out, "s3cr3t") {
		t.Errorf("the secret shows in %s", out)
	}
}

func TestReadReplicasPrecedence(t *testing.T) {
	isolate(t)
	const primary = "postgres://u@db:5432/hub?sslmode=disable"
	path := writeFile(t, "database:\n  url: "+primary+"\n  read_urls:\n    - \" postgres://u@r1/hub \"\n"+
		"    - \"\"\n    - postgresql://u@r2/hub\n  read_max_lag: 2s\n  read_wait: 100ms\n")
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := config.Default()
	want.Database.URL = primary
	want.Database.ReadURLs = []string{"postgres://u@r1/hub", "postgresql://u@r2/hub"} // trimmed, empty dropped
	want.Database.ReadMaxLag = 2 * time.Second
	want.Database.ReadWait = 100 * time.Millisecond
	if !reflect.DeepEqual(cfg, want) {
		t.Fatalf("from the file: Load =\n%+v\nwant\n%+v", cfg, want)
	}

	for env, urls := range map[string][]string{
		"postgres://u@e1/hub": {"postgres://u@e1/hub"},
		" postgres://u@e1/hub , ,postgresql://u@e2/hub?x=1 ,": {"postgres://u@e1/hub", "postgresql://u@e2/hub?x=1"},
		" , ": want.Database.ReadURLs, // names no URL: overrides nothing
	} {
		t.Setenv(config.EnvReadDatabaseURL, env)
		cfg, err := config.Load(path)
		if err != nil {
			t.Fatalf("%s=%q: %v", config.EnvReadDatabaseURL, env, err)
		}
		if !reflect.DeepEqual(cfg.Database.ReadURLs, urls) {
			t.Errorf("%s=%q: read_urls = %q, want %q", config.EnvReadDatabaseURL, env, cfg.Database.ReadURLs, urls)
		}
	}
}

func TestEmptyReadURLsListIsTheDefault(t *testing.T) {
	isolate(t)
	for _, content := range []string{"database:\n  read_urls: []\n", "database:\n  read_urls:\n", "database:\n  read_urls: [\" \"]\n"} {
		cfg, err := config.Load(writeFile(t, content))
		if err != nil || !reflect.DeepEqual(cfg, config.Default()) {
			t.Errorf("Load(%q) = %+v, %v; want the defaults", content, cfg.Database, err)
		}
	}
}

func TestReadURLsAreValidated(t *testing.T) {
	isolate(t)
	t.Setenv(config.EnvDatabaseURL, "postgres://u@db/hub")
	for env, want := range map[string]string{
		"mysql://u:topsecret@r/hub":            `database.read_urls[0] (or HUBD_READ_DATABASE_URL): must be a postgres:// or postgresql:// URL, got scheme "mysql"`,
		"postgres://u@r/hub,r2:5432/hub":       `database.read_urls[1]`,
		"host=r dbname=hub":                    `got scheme ""`,
		"postgres:hub":                         `must be a postgres://`,
		"postgres://u:topsecret@r:port%zz/hub": `database.read_urls[0] (or HUBD_READ_DATABASE_URL): not a URL`,
	} {
		t.Setenv(config.EnvReadDatabaseURL, env)
		_, err := config.Load("")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s=%q: err = %v, want it to say %s", config.EnvReadDatabaseURL, env, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "topsecret") {
			t.Errorf("%s=%q: the error shows the password: %v", config.EnvReadDatabaseURL, env, err)
		}
	}
	t.Setenv(config.EnvReadDatabaseURL, "POSTGRES://u@r1/hub,postgresql://u@r2/hub")
	if _, err := config.Load(""); err != nil {
		t.Errorf("valid read URLs refused: %v", err)
	}
}

func TestReadURLsNeedAPrimaryURL(t *testing.T) {
	isolate(t)
	t.Setenv(config.EnvReadDatabaseURL, "postgres://u@r1/hub")
	_, err := config.Load("")
	if err == nil || !strings.Contains(err.Error(), "needs database.url") || !strings.Contains(err.Error(), "--replicas") {
		t.Errorf("read URLs with the local PostgreSQL: err = %v, want a pointer to hubd serve --replicas", err)
	}
}

func TestReadDurationsMustBePositive(t *testing.T) {
	isolate(t)
	_, err := config.Load(writeFile(t, "database:\n  read_max_lag: 0s\n  read_wait: -1s\n"))
	for _, want := range []string{"database.read_max_lag must be positive, got 0s", "database.read_wait must be positive, got -1s"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want it to say %s", err, want)
		}
	}
}

func TestMaxTokenLifetime(t *testing.T) {
	isolate(t)
	cfg, err := config.Load("")
	if err != nil || cfg.JWT.MaxLifetime != 30*24*time.Hour {
		t.Fatalf("default jwt.max_lifetime = %v, %v; want 720h", cfg.JWT.MaxLifetime, err)
	}
	path := writeFile(t, "jwt:\n  max_lifetime: 2h\n")
	if cfg, err = config.Load(path); err != nil || cfg.JWT.MaxLifetime != 2*time.Hour {
		t.Errorf("jwt.max_lifetime: 2h gives %v, %v", cfg.JWT.MaxLifetime, err)
	}
	t.Setenv(config.EnvJWTMaxLifetime, "15m")
	if cfg, err = config.Load(path); err != nil || cfg.JWT.MaxLifetime != 15*time.Minute {
		t.Errorf("%s=15m over the file gives %v, %v", config.EnvJWTMaxLifetime, cfg.JWT.MaxLifetime, err)
	}
	for _, v := range []string{"30d", "0s", "-1h"} {
		t.Setenv(config.EnvJWTMaxLifetime, v)
		if _, err := config.Load(path); err == nil || !strings.Contains(err.Error(), config.EnvJWTMaxLifetime) {
			t.Errorf("%s=%s: err = %v, want a refusal naming the variable", config.EnvJWTMaxLifetime, v, err)
		}
	}
}

// TestLimitsFromTheEnvironment: every rate limit and stream cap has its variable, and a value
// that is not a number, or a cap the per-caller one exceeds, is refused naming the variable.
func TestLimitsFromTheEnvironment(t *testing.T) {
	isolate(t)
	for name, v := range map[string]string{config.EnvRateLimit: "0", config.EnvRateBurst: "7",
		config.EnvAnonymousRateLimit: "2.5", config.EnvAnonymousRateBurst: "5",
		config.EnvMaxStreams: "30", config.EnvMaxStreamsPerCaller: "3"} {
		t.Setenv(name, v)
	}
	cfg, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	want := config.Default().HTTP
	want.RateLimit, want.RateBurst, want.AnonymousRateLimit, want.AnonymousRateBurst = 0, 7, 2.5, 5
	want.MaxStreams, want.MaxStreamsPerCaller = 30, 3
	if cfg.HTTP != want {
		t.Errorf("http = %+v, want %+v", cfg.HTTP, want)
	}
	for name, v := range map[string]string{config.EnvRateBurst: "many", config.EnvAnonymousRateLimit: "-1",
		config.EnvMaxStreamsPerCaller: "31"} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(name, v)
			if _, err := config.Load(""); err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("%s=%s: err = %v, want it to name the variable", name, v, err)
			}
		})
	}
}
