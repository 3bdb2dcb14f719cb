package main

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hubd/hubd/internal/infrastructure/config"
)

func TestSeedSyntheticRefusesBadCounts(t *testing.T) {
	isolate(t)
	for _, args := range [][]string{{"--synthetic", "0"}, {"--synthetic", "-5"}, {"--synthetic", "many"},
		{"--synthetic"}, {"--seed", "3"}, {"--synthetic", "10", "--seed", "x"},
		{"--routes-per-hub", "5"}, {"--synthetic", "10", "--routes-per-hub", "-1"}, {"--synthetic", "10", "--routes-per-hub", "101"}} {
		code, stdout, stderr := runCLI(append([]string{"seed"}, args...)...)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, "usage: hubd seed") {
			t.Errorf("hubd seed %v = %d, stdout %q, stderr %q; want 2 and the usage", args, code, stdout, stderr)
		}
	}
}

func TestSeedSyntheticUsage(t *testing.T) {
	for _, flag := range []string{"--synthetic N ", "--seed S ", "--routes-per-hub K"} {
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

	added := regexp.MustCompile(`^added 200 synthetic hubs \((\d+) deleted\), (\d+) shippers, (\d+) companies in \d+\.\ds\n$`)
	for run := range 2 {
		code, stdout, stderr := runCLI("seed", "--synthetic", "200", "--seed", "9")
		m := added.FindStringSubmatch(stdout)
		if code != exitOK || m == nil {
			t.Fatalf("run %d: hubd seed --synthetic 200 = %d, stdout %q, stderr %q", run+1, code, stdout, stderr)
		}
		if deleted, _ := strconv.Atoi(m[1]); !between(m[2], 2*(200-deleted), 3*(200-deleted)) || !between(m[3], 1, 200-deleted) {
			t.Errorf("run %d: %s shippers and %s companies for %d live hubs", run+1, m[2], m[3], 200-deleted)
		}
		// stderr is no terminal here: plain progress lines, no carriage returns.
		if !strings.Contains(stderr, "synthetic hubs 100% 200/200") || strings.Contains(stderr, "\r") {
			t.Errorf("run %d: progress on stderr %q", run+1, stderr)
		}
	}
	linked := regexp.MustCompile(`^added 300 synthetic hubs \((\d+) deleted\), \d+ shippers, \d+ companies and (\d+) routes in \d+\.\ds\n$`)
	code, stdout, stderr := runCLI("seed", "--synthetic", "300", "--routes-per-hub", "4")
	if m := linked.FindStringSubmatch(stdout); code != exitOK || m == nil || !strings.Contains(stderr, "synthetic routes 100%") {
		t.Fatalf("hubd seed --synthetic 300 --routes-per-hub 4 = %d, stdout %q, stderr %q", code, stdout, stderr)
	} else if deleted, _ := strconv.Atoi(m[1]); !between(m[2], 3*(300-deleted), 4*(300-deleted)) {
		t.Errorf("%s routes for %d live hubs, want 3 to 4 each", m[2], 300-deleted)
	}
	code, stdout, stderr = runCLI("seed")
	if code != exitOK || stdout != "seeded 17 hubs, 0 already present; 36 routes, 0 already present or without live hubs\n" {
		t.Errorf("hubd seed after the synthetic runs = %d, %q, %q", code, stdout, stderr)
	}
}

// between reports whether the decimal s is from lo to hi.
func between(s string, lo, hi int) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= lo && n <= hi
}
