package main

import (
	"bytes"
	"flag"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hubd/hubd/internal/infrastructure/config"
)

// isolate clears every HUBD_* variable and runs the test in an empty directory, so neither the
// developer's environment nor a configs/hubd.yaml can change what a command does.
func isolate(t *testing.T) {
	t.Helper()
	for _, name := range []string{config.EnvConfig, config.EnvDatabaseURL, config.EnvDataDir,
		config.EnvHTTPAddr, config.EnvJWTSecret, config.EnvLogLevel, config.EnvLogFormat, config.EnvReadDatabaseURL} {
		t.Setenv(name, "")
	}
	t.Chdir(t.TempDir())
}

// runCLI runs hubd in-process and returns its exit code and output.
func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestHelpForEveryCommand(t *testing.T) {
	for name := range subcommands {
		for _, help := range []string{"--help", "-h"} {
			code, stdout, stderr := runCLI(name, help)
			if code != exitOK || !strings.HasPrefix(stdout, "usage: hubd "+name) || stderr != "" {
				t.Errorf("hubd %s %s = %d, stdout %q, stderr %q; want 0 and its usage on stdout",
					name, help, code, stdout, stderr)
			}
		}
	}
	code, stdout, _ := runCLI("--help")
	if code != exitOK || !strings.Contains(stdout, "commands:") {
		t.Errorf("hubd --help = %d, %q", code, stdout)
	}
}

// TestHelpNamesTheTokenLifetime: hubd --help lists $HUBD_JWT_MAX_LIFETIME with the other
// variables, and hubd token --help says that --ttl is capped by jwt.max_lifetime and its default.
// Before, neither said so, and a --ttl above it was the first a user learned of the cap.
func TestHelpNamesTheTokenLifetime(t *testing.T) {
	if _, stdout, _ := runCLI("--help"); !strings.Contains(stdout, "$HUBD_JWT_MAX_LIFETIME") {
		t.Errorf("hubd --help does not list $HUBD_JWT_MAX_LIFETIME:\n%s", stdout)
	}
	_, stdout, _ := runCLI("token", "--help")
	ttl := stdout[strings.Index(stdout, "--ttl DURATION"):]
	ttl = ttl[:strings.Index(ttl, "--data-dir")]
	if def := config.Default().JWT.MaxLifetime; def != 720*time.Hour {
		t.Errorf("the default jwt.max_lifetime is %v, the usage says 720h", def)
	}
	if !strings.Contains(ttl, "jwt.max_lifetime") || !strings.Contains(ttl, "720h") {
		t.Errorf("hubd token --help does not say --ttl is capped by jwt.max_lifetime (720h):\n%s", ttl)
	}
}

func TestEveryFlagIsInItsUsage(t *testing.T) {
	usages := map[string]string{"serve": serveUsage, "migrate": migrateUsage, "seed": seedUsage,
		"token": tokenUsage, "version": versionUsage}
	if len(usages) != len(subcommands) {
		t.Fatalf("usages lists %d commands, subcommands %d", len(usages), len(subcommands))
	}
	flags := map[string][]string{"serve": {"addr", "config", "replicas"}, "migrate": {"config", "all"},
		"seed": {"config", "synthetic", "seed"}, "token": {"role", "sub", "ttl", "data-dir", "create-secret", "config"}}
	for name, usage := range usages {
		for _, f := range flags[name] {
			if !strings.Contains(usage, "--"+f+" ") {
				t.Errorf("usage of %s does not document --%s", name, f)
			}
		}
		if !strings.Contains(usage, "hubd "+name) {
			t.Errorf("usage of %s does not name it", name)
		}
	}
}

func TestUnknownCommandIsAUsageError(t *testing.T) {
	for _, args := range [][]string{{"bogus"}, {}} {
		code, stdout, stderr := runCLI(args...)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, "usage: hubd <command>") {
			t.Errorf("hubd %v = %d, stdout %q, stderr %q; want 2 and the usage on stderr", args, code, stdout, stderr)
		}
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := runCLI("version")
	if code != exitOK || !strings.HasPrefix(stdout, "hubd ") || strings.Count(stdout, "\n") != 1 {
		t.Errorf("hubd version = %d, %q", code, stdout)
	}
	defer func(v string) { version = v }(version)
	version = "v1.2.3"
	if _, stdout, _ := runCLI("version"); stdout != "hubd v1.2.3\n" {
		t.Errorf("stamped version prints %q", stdout)
	}
}

// brokenPipe is a stdout whose reader has gone away.
type brokenPipe struct{}

func (brokenPipe) Write([]byte) (int, error) { return 0, syscall.EPIPE }

// A result that never reached stdout is a failed command, not a silent exit 0: `hubd token |
// consumer` must not look like it worked when the token was lost.
func TestAResultThatCannotBeWrittenFailsTheCommand(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--help"}, {"token", "--help"}} {
		var stderr bytes.Buffer
		code := run(args, brokenPipe{}, &stderr)
		if code != exitError || !strings.Contains(stderr.String(), syscall.EPIPE.Error()) {
			t.Errorf("hubd %v on a broken stdout = %d, stderr %q; want %d and the error", args, code, stderr.String(), exitError)
		}
	}
}

func TestMigrateRefusesBadActions(t *testing.T) {
	isolate(t)
	for _, args := range [][]string{{}, {"sideways"}, {"down", "0"}, {"down", "x"}, {"up", "1"},
		{"version", "now"}, {"down", "1", "2"}, {"down", "--all", "1"}, {"up", "--all"}, {"version", "--all"}} {
		code, _, stderr := runCLI(append([]string{"migrate"}, args...)...)
		if code != exitUsage || !strings.Contains(stderr, "usage: hubd migrate") {
			t.Errorf("hubd migrate %v = %d, stderr %q; want 2 and usage", args, code, stderr)
		}
	}
}

// TestMigrateDownNeedsAllOrN: a bare "down" would revert every migration and drop every table,
// so it is a usage error that says why and what to type instead, before any database is opened
// (the data dir stays empty).
func TestMigrateDownNeedsAllOrN(t *testing.T) {
	isolate(t)
	dataDir := filepath.Join(t.TempDir(), "data")
	t.Setenv(config.EnvDataDir, dataDir)
	code, stdout, stderr := runCLI("migrate", "down")
	if code != exitUsage || stdout != "" {
		t.Errorf("hubd migrate down = %d, stdout %q; want 2 and nothing on stdout", code, stdout)
	}
	for _, want := range []string{"drop every table", "--all", "down 1", "usage: hubd migrate"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("hubd migrate down: stderr lacks %q: %s", want, stderr)
		}
	}
	if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
		t.Errorf("hubd migrate down touched the data dir %s (stat: %v)", dataDir, err)
	}
}

func TestExplicitMissingConfigFails(t *testing.T) {
	isolate(t)
	code, _, stderr := runCLI("token", "--role", "MASTER", "--config", "missing.yaml")
	if code != exitError || !strings.Contains(stderr, "missing.yaml") {
		t.Errorf("hubd token --config missing.yaml = %d, %q; want 1 naming the file", code, stderr)
	}
}

func TestParseTakesFlagsAfterArguments(t *testing.T) {
	var out, errOut bytes.Buffer
	s := streams{stdout: &out, stderr: &errOut}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	cfg := fs.String("config", "", "")
	pos, _, done := s.parse(fs, "usage", []string{"down", "--config", "x.yaml", "2", "--", "--config"})
	if done || *cfg != "x.yaml" || !slices.Equal(pos, []string{"down", "2", "--config"}) {
		t.Errorf("parse = %q, config %q, done %v", pos, *cfg, done)
	}
}

func TestDisplayURL(t *testing.T) {
	for addr, want := range map[string]string{
		"0.0.0.0:8080":   "http://localhost:8080",
		"[::]:8080":      "http://localhost:8080",
		"127.0.0.1:9000": "http://127.0.0.1:9000",
		"[::1]:9000":     "http://[::1]:9000",
	} {
		tcp, err := net.ResolveTCPAddr("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := displayURL(tcp); got != want {
			t.Errorf("displayURL(%s) = %s, want %s", addr, got, want)
		}
	}
}
