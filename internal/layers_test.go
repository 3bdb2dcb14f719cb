// Package internal_test keeps the layers honest: arrows point inward only.
package internal_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

const module = "github.com/hubd/hubd/"

// forbidden lists, per layer, the import path prefixes it must never depend on, directly or not.
var forbidden = map[string][]string{
	"internal/domain/...": {
		module + "internal/application", module + "internal/infrastructure", module + "internal/interfaces",
		module + "cmd", module + "db",
		"database/sql", "github.com/lib/pq", "github.com/jmoiron/sqlx", "github.com/doug-martin/goqu",
		"github.com/labstack/echo", "github.com/golang-migrate", "net/http",
	},
	// The shared kernel is what every aggregate builds on, so it imports nothing of ours: no
	// aggregate, no other shared package.
	"internal/domain/kernel/...": {module + "internal", module + "cmd", module + "db"},
	"internal/application/...": {
		module + "internal/infrastructure", module + "internal/interfaces", module + "cmd",
		"github.com/lib/pq", "github.com/jmoiron/sqlx", "github.com/doug-martin/goqu",
		"github.com/labstack/echo", "github.com/golang-migrate",
	},
	// The HTTP interface speaks to the application only; storage is wired in by cmd/hubd.
	"internal/interfaces/...": {
		module + "internal/infrastructure", module + "cmd",
		"github.com/lib/pq", "github.com/jmoiron/sqlx", "github.com/doug-martin/goqu", "github.com/golang-migrate",
	},
}

func TestLayersPointInward(t *testing.T) {
	for pattern, bad := range forbidden {
		dir := strings.TrimSuffix(strings.TrimPrefix(pattern, "internal/"), "/...")
		if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
			t.Logf("layer %s has no code yet", dir)
			continue
		}
		for pkg, deps := range dependencies(t, "./"+strings.TrimPrefix(pattern, "internal/")) {
			for _, dep := range deps {
				for _, b := range bad {
					if forbids(b, dep) {
						t.Errorf("%s depends on %s", pkg, dep)
					}
				}
			}
		}
	}
}

// forbids matches a module path and everything under it, but a standard library package only
// exactly: the domain may use uuid, which imports database/sql/driver, but not database/sql.
func forbids(rule, dep string) bool {
	return dep == rule || strings.Contains(rule, ".") && strings.HasPrefix(dep, rule+"/")
}

// TestLayerCheckSeesDependencies guards the guard: it must see what the domain does import.
func TestLayerCheckSeesDependencies(t *testing.T) {
	deps := dependencies(t, "./domain/hub")[module+"internal/domain/hub"]
	for _, want := range []string{"github.com/google/uuid", module + "internal/domain/paging", module + "internal/domain/kernel"} {
		if !contains(deps, want) {
			t.Errorf("go list shows no %s among %v", want, deps)
		}
	}
	if !forbids(module+"internal", module+"internal/domain/hub") ||
		!forbids("github.com/lib/pq", "github.com/lib/pq/oid") || !forbids("database/sql", "database/sql") ||
		forbids("database/sql", "database/sql/driver") {
		t.Error("forbids matches the wrong paths")
	}
}

// dependencies maps each non-test package matching pattern to its transitive imports.
func dependencies(t *testing.T, pattern string) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-json", pattern).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list %s: %v\n%s", pattern, err, ee.Stderr)
		}
		t.Fatalf("go list %s: %v", pattern, err)
	}
	result := map[string][]string{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p struct {
			ImportPath string
			Deps       []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		result[p.ImportPath] = p.Deps
	}
	if len(result) == 0 {
		t.Fatalf("go list %s matched no package", pattern)
	}
	return result
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// sharedPackages are what every aggregate builds on, in each layer. They import no aggregate
// package: a second aggregate reuses them as they are, and they never learn of a first one.
var sharedPackages = []string{
	"./domain/kernel", "./domain/names", "./domain/paging", "./domain/record", "./domain/input",
	"./application/access", "./application/consistency", "./application/idempotency", "./application/feed",
	"./application/transaction",
	"./infrastructure/postgres", "./interfaces/httpapi", "./interfaces/httpapi/openapi",
}

// aggregatePackage matches an aggregate's own package in any layer: its domain package, its
// commands and queries (application/<aggregate>/...), its PostgreSQL adapter (postgres/<x>store)
// and its HTTP interface (httpapi/<x>api).
var aggregatePackage = regexp.MustCompile(`^` + regexp.QuoteMeta(module) + `internal/(` +
	`domain/[a-z]+|application/[a-z]+/(command|query)|infrastructure/postgres/[a-z]+store|interfaces/httpapi/[a-z]+api)$`)

func TestSharedPackagesImportNoAggregate(t *testing.T) {
	for _, pkg := range sharedPackages {
		for name, deps := range dependencies(t, pkg) {
			for _, dep := range deps {
				if aggregatePackage.MatchString(dep) && !isShared(dep) {
					t.Errorf("shared package %s depends on the aggregate package %s", name, dep)
				}
			}
		}
	}
	// The guard sees what it guards: the hub's packages in each layer are aggregate packages,
	// and the shared domain packages are not.
	for _, p := range []string{"domain/hub", "application/hub/command", "application/hub/query",
		"infrastructure/postgres/hubstore", "interfaces/httpapi/hubapi"} {
		if !aggregatePackage.MatchString(module+"internal/"+p) || isShared(module+"internal/"+p) {
			t.Errorf("%s is not recognised as an aggregate package", p)
		}
	}
	if deps := dependencies(t, "./interfaces/httpapi/hubapi")[module+"internal/interfaces/httpapi/hubapi"]; !contains(deps, module+"internal/interfaces/httpapi") {
		t.Error("go list shows hubapi without the shared httpapi it builds on")
	}
}

func isShared(importPath string) bool {
	for _, s := range sharedPackages {
		if importPath == module+"internal/"+strings.TrimPrefix(s, "./") {
			return true
		}
	}
	return false
}
