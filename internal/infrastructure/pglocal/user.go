package pglocal

import (
	"fmt"
	"os"
	"os/user"
	"strconv"
	"syscall"
)

// serverUser is the OS account used when we are root, because initdb and
// postgres refuse to run as root and distribution packages create this user.
const serverUser = "postgres"

// defaultPath is used when our own PATH is empty; the children barely need
// PATH (initdb finds postgres beside itself) but shells they spawn might.
const defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// identity is who the children run as. switched is false when we are not
// root: then they simply inherit our credentials.
type identity struct {
	switched bool
	uid, gid int
	groups   map[int]bool // primary and supplementary gids, for permission checks
	home     string
}

// currentIdentity decides the children's account once, so every step
// (chown, permission check, exec) agrees on it.
func currentIdentity() (identity, error) {
	if os.Geteuid() != 0 {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "/"
		}
		return identity{uid: os.Geteuid(), gid: os.Getegid(), home: home}, nil
	}
	u, err := user.Lookup(serverUser)
	if err != nil {
		return identity{}, fmt.Errorf("pglocal: running as root, but PostgreSQL refuses to run as root and "+
			"there is no %q OS user to run it as (%v): create it, e.g. `useradd --system postgres`, "+
			"or run as a non-root user", serverUser, err)
	}
	id := identity{switched: true, groups: map[int]bool{}, home: u.HomeDir}
	if id.uid, err = strconv.Atoi(u.Uid); err != nil {
		return identity{}, fmt.Errorf("pglocal: user %q has non-numeric uid %q", serverUser, u.Uid)
	}
	if id.gid, err = strconv.Atoi(u.Gid); err != nil {
		return identity{}, fmt.Errorf("pglocal: user %q has non-numeric gid %q", serverUser, u.Gid)
	}
	id.groups[id.gid] = true
	gids, _ := u.GroupIds() // best effort: missing groups only make the check stricter
	for _, g := range gids {
		if n, err := strconv.Atoi(g); err == nil {
			id.groups[n] = true
		}
	}
	if id.home == "" {
		id.home = "/"
	}
	return id, nil
}

// sysProcAttr puts each child in its own process group, so a terminal's
// Ctrl-C does not bypass our orderly Stop and so we can kill backends along
// with the postmaster; Pdeathsig ensures a crashed parent leaves no server.
// (Pdeathsig fires when the creating OS thread exits; the Go runtime only
// retires threads of goroutines that exit while locked, which we never do.)
func (id identity) sysProcAttr() *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if id.switched {
		// An empty Groups list also drops root's supplementary groups.
		attr.Credential = &syscall.Credential{Uid: uint32(id.uid), Gid: uint32(id.gid), Groups: []uint32{}} //nolint:gosec // G115: parsed from the passwd entry of a 32-bit uid_t and gid_t
	}
	return attr
}

// env is deliberately minimal: inherited PG* variables or an odd LC_ALL
// would otherwise change how initdb and the server behave from run to run.
func (id identity) env() []string {
	path := os.Getenv("PATH")
	if path == "" {
		path = defaultPath
	}
	return []string{"PATH=" + path, "LANG=C.UTF-8", "HOME=" + id.home}
}

// chown hands a path we created to the server user; a no-op when we are
// not root because the children are then us.
func (id identity) chown(path string) error {
	if !id.switched {
		return nil
	}
	return os.Lchown(path, id.uid, id.gid)
}
