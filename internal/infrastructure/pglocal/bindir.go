package pglocal

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ErrBinariesNotFound reports that no usable initdb/postgres pair exists, so
// callers can tell "install PostgreSQL" apart from a server that failed.
var ErrBinariesNotFound = errors.New("PostgreSQL server binaries (initdb, postgres) not found")

// binDirEnv lets operators pick a build explicitly (e.g. a non-Debian
// layout); when set it is authoritative, so a typo fails instead of silently
// falling back to another version.
const binDirEnv = "HUBD_PG_BINDIR"

// debianGlob is where Debian/Ubuntu install one directory per major version;
// a variable so tests can point discovery at fake layouts.
var debianGlob = "/usr/lib/postgresql/*/bin"

// installHint is shared by every not-found error so the fix is always spelled
// out the same way.
const installHint = "install them, e.g. `apt-get install postgresql` (Debian/Ubuntu), or set " + binDirEnv

// FindBinDir locates the server binaries: $HUBD_PG_BINDIR if set, else the
// newest /usr/lib/postgresql/<version>/bin, else initdb and postgres on PATH.
// The PATH fallback comes last because Debian's /usr/bin holds only client
// wrappers, while other distributions install the server there.
func FindBinDir() (string, error) {
	if dir := os.Getenv(binDirEnv); dir != "" {
		if err := checkBinDir(dir); err != nil {
			return "", fmt.Errorf("%w in %s=%s: %v; %s", ErrBinariesNotFound, binDirEnv, dir, err, installHint)
		}
		return dir, nil
	}
	if dir := newestVersionDir(); dir != "" {
		return dir, nil
	}
	if initdb, err := exec.LookPath("initdb"); err == nil {
		for _, dir := range []string{filepath.Dir(initdb), resolvedDir(initdb)} {
			if dir != "" && checkBinDir(dir) == nil {
				return dir, nil
			}
		}
	}
	return "", fmt.Errorf("%w in %s or PATH: %s", ErrBinariesNotFound, debianGlob, installHint)
}

// newestVersionDir prefers the highest major version because that is what
// a fresh `apt-get install postgresql` would have brought in.
func newestVersionDir() string {
	dirs, _ := filepath.Glob(debianGlob)
	sort.Slice(dirs, func(i, j int) bool {
		return versionLess(versionOf(dirs[j]), versionOf(dirs[i]))
	})
	for _, dir := range dirs {
		if checkBinDir(dir) == nil {
			return dir
		}
	}
	return ""
}

// versionOf extracts "15" from /usr/lib/postgresql/15/bin.
func versionOf(binDir string) string { return filepath.Base(filepath.Dir(binDir)) }

// versionLess compares dotted versions numerically, since lexically "9.6"
// would sort above "16"; non-numeric parts sort first so they never win.
func versionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		x, y := -1, -1
		if i < len(as) {
			if n, err := strconv.Atoi(as[i]); err == nil {
				x = n
			}
		}
		if i < len(bs) {
			if n, err := strconv.Atoi(bs[i]); err == nil {
				y = n
			}
		}
		if x != y {
			return x < y
		}
	}
	return a < b
}

// resolvedDir follows a symlinked /usr/bin/initdb to the real install
// directory, where postgres is more likely to sit beside it.
func resolvedDir(path string) string {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return ""
	}
	return filepath.Dir(real)
}

// checkBinDir requires both binaries because initdb alone cannot run a
// server and a lone postgres cannot create a cluster.
func checkBinDir(dir string) error {
	for _, name := range []string{"initdb", "postgres"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("%s missing", name)
		}
		if !fi.Mode().IsRegular() || fi.Mode().Perm()&0o111 == 0 {
			return fmt.Errorf("%s is not an executable file", name)
		}
	}
	return nil
}
