package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hubd/hubd/internal/infrastructure/config"
)

func TestSeedSyntheticRefusesBadCounts(t *testing.T) {
	isolate(t)
	for _, args := range [][]string{{"--synthetic", "0"}, {"--synthetic", "-5"}, {"--synthetic", "many"},
		{"--synthetic"}, {"--seed", "3"}, {"--synthetic", "10", "--seed", "x"}} {
		code, stdout, stderr := runCLI(append([]string{"seed"}, args...)...)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, "usage: hubd seed") {
			t.Errorf("hubd seed %v = %d, stdout %q, stderr %q; want 2 and the usage", args, code, stdout, stderr)
		}
	}
}

func TestSeedSyntheticUsage(t *testing.T) {
	for _, flag := range []string{"--synthetic N ", "--seed S "} {
		if !strings.Contains(seedUsage, flag) {
			t.Errorf("seed usage does not document %s", flag)
		}
	}
}

// TestSeedSyntheticAddsHubs runs `hubd seed --synthetic 200` twice against the local PostgreSQL
// of a fresh data dir, then the plain `hubd seed`, which finds none of its 17 hubs there: the
// synthetic mode adds generated hubs only.
func TestSeedSyntheticAddsHubs(t *testing.T) {
	isolate(t)
	// Not t.TempDir(): as root the local server runs as the postgres user, who must be able to
	// pass through every parent of the cluster directory (see TestServeProcess).
	root := reachableTempRoot(t, "hubd-seed-synthetic-*")
	t.Setenv(config.EnvDataDir, filepath.Join(root, "data"))
	t.Setenv(config.EnvLogLevel, "warn")

	added := regexp.MustCompile(`^added 200 synthetic hubs \((\d+) deleted\) in \d+\.\ds\n$`)
	for run := range 2 {
		code, stdout, stderr := runCLI("seed", "--synthetic", "200", "--seed", "9")
		if code != exitOK || !added.MatchString(stdout) {
			t.Fatalf("run %d: hubd seed --synthetic 200 = %d, stdout %q, stderr %q", run+1, code, stdout, stderr)
		}
		// stderr is no terminal here: plain progress lines, no carriage returns.
		if !strings.Contains(stderr, "synthetic hubs 100% 200/200") || strings.Contains(stderr, "\r") {
			t.Errorf("run %d: progress on stderr %q", run+1, stderr)
		}
	}
	code, stdout, stderr := runCLI("seed")
	if code != exitOK || stdout != "seeded 17 hubs, 0 already present; 36 routes, 0 already present or without live hubs\n" {
		t.Errorf("hubd seed after the synthetic runs = %d, %q, %q", code, stdout, stderr)
	}
}
