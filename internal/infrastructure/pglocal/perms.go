package pglocal

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// chownTree gives a pre-existing cluster to the server user. It is only
// called when the top directory has the wrong owner (e.g. the directory was
// copied by root), so the common restart path skips the walk. The walk stays inside root
// (os.Root): the server user could swap a directory of the tree for a symlink meanwhile, and
// root must not follow it and hand over files elsewhere.
func (id identity) chownTree(root string) (err error) {
	if !id.switched {
		return nil
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, r.Close()) }()
	return fs.WalkDir(r.FS(), ".", func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return r.Lchown(path, id.uid, id.gid)
	})
}

// ownedBy reports whether fi belongs to the server user; when we are not
// root it is trivially true, because we could not chown anyway.
func (id identity) ownedBy(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return !id.switched || !ok || int(st.Uid) == id.uid
}

// checkReachable verifies that the server user can traverse every ancestor
// of dir. As root everything works for us, so without this check the failure
// would surface later as a cryptic "Permission denied" from initdb. We never
// chmod ancestors ourselves: they are not ours, and widening, say, /root
// silently would be a security surprise. Only classic mode bits are checked;
// ACLs granting access are rare enough that a clear false alarm is fine.
func (id identity) checkReachable(dir string) error {
	if !id.switched {
		return nil
	}
	real, err := filepath.EvalSymlinks(dir) // the kernel checks the resolved path
	if err != nil {
		return fmt.Errorf("pglocal: resolve data dir: %w", err)
	}
	for p := filepath.Dir(real); ; p = filepath.Dir(p) {
		if err := id.searchable(p); err != nil {
			return fmt.Errorf("pglocal: the %q user (uid %d) cannot reach data dir %s: %w; "+
				"choose a data dir outside it (e.g. under /var/lib or /tmp) or grant search permission (chmod o+x %s)",
				serverUser, id.uid, dir, err, p)
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}

// searchable applies the owner/group/other rule the kernel uses for the
// execute (search) bit of a directory.
func (id identity) searchable(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	perm := fi.Mode().Perm()
	var bit os.FileMode = 0o001
	switch {
	case int(st.Uid) == id.uid:
		bit = 0o100
	case id.groups[int(st.Gid)]:
		bit = 0o010
	}
	if perm&bit == 0 {
		return fmt.Errorf("directory %s is not searchable by it (mode %v, owner uid %d, gid %d)",
			dir, perm, st.Uid, st.Gid)
	}
	return nil
}

// mkdirParents creates the missing ancestors of dir as 0755 regardless of
// umask, since they are ours and must not block the server user.
func mkdirParents(dir string) error {
	parent := filepath.Dir(dir)
	if _, err := os.Stat(parent); err == nil || parent == dir {
		return nil
	}
	if err := mkdirParents(parent); err != nil {
		return err
	}
	if err := os.Mkdir(parent, 0o755); err != nil && !os.IsExist(err) { //nolint:gosec // G301: the server user must pass through
		return err
	}
	return os.Chmod(parent, 0o755) //nolint:gosec // G302: a directory the server user must pass through
}
