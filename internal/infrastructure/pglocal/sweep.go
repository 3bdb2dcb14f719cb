package pglocal

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// ownerFile, in a throwaway root, holds the pid of the process that made it. A process that
// dies without calling Stop (a fuzz worker the fuzzer kills, a test binary hit by its timeout)
// cannot clean up; its server dies with it (Pdeathsig), and the next throwaway start sweeps
// its directory.
const ownerFile = "owner.pid"

func writeOwner(root string) error {
	return os.WriteFile(filepath.Join(root, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o600)
}

// sweepStaleThrowaways removes throwaway roots whose owner process is gone. A root without an
// owner file, or whose owner is alive (or cannot be told), is left alone: the sweep errs on the
// side of keeping data.
func sweepStaleThrowaways() {
	roots, _ := filepath.Glob(filepath.Join(os.TempDir(), "hubd-pg-*"))
	for _, root := range roots {
		b, err := os.ReadFile(filepath.Join(root, ownerFile))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 || pid == os.Getpid() {
			continue
		}
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) && !postmasterAlive(root) {
			_ = os.RemoveAll(root)
		}
	}
}

// postmasterAlive tells whether the pid in the cluster's postmaster.pid is a live process, by
// the rules Running applies to the same file.
func postmasterAlive(root string) bool {
	pid, _, _ := readPidFile(filepath.Join(root, "data", "postmaster.pid")) // the pid, even before the port is written
	return pid > 0 && alive(pid)
}
