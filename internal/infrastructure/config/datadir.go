package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// DataDirMode is owner-only plus search for others. Not 0700: when hubd runs as root, the local
// PostgreSQL runs as the postgres user and must traverse the data dir to reach its cluster in
// DataDir/postgres (which it owns, 0700). Others cannot list the directory, and the secret file
// is 0600, so the search bit gives nothing else away.
const DataDirMode fs.FileMode = 0o711

// SecretFile is the dev secret's file name inside the data dir.
const SecretFile = "jwt-secret"

// EnsureDataDir creates dir (mode DataDirMode, missing parents 0755) when it does not exist.
// An existing directory is left as it is: its mode is the operator's choice.
func EnsureDataDir(dir string) error {
	if fi, err := os.Stat(dir); err == nil {
		if !fi.IsDir() {
			return fmt.Errorf("config: data dir %s is not a directory", dir)
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil { //nolint:gosec // G301: the postgres user must traverse the parents (see DataDirMode)
		return fmt.Errorf("config: create data dir: %w", err)
	}
	switch err := os.Mkdir(dir, DataDirMode); {
	case errors.Is(err, fs.ErrExist):
		return nil // another process won the race; the mode is its choice
	case err != nil:
		return fmt.Errorf("config: create data dir: %w", err)
	}
	// Mkdir applies the umask; set the mode we documented.
	if err := os.Chmod(dir, DataDirMode); err != nil {
		return fmt.Errorf("config: create data dir: %w", err)
	}
	return nil
}

// DevSecret is the JWT secret used when none is configured: DataDir/jwt-secret, created on
// first use as 32 random bytes written in hex (0600). The key is the file's text (64 bytes), so
// HUBD_JWT_SECRET=$(cat .hubd/jwt-secret) signs the same tokens. Keeping it in the data dir is
// what lets `hubd token` and `hubd serve` on the same data dir agree without any setup.
func DevSecret(dataDir string) ([]byte, error) {
	path := filepath.Join(dataDir, SecretFile)
	if secret, err := readSecret(path); !errors.Is(err, fs.ErrNotExist) {
		return secret, err
	}
	if err := EnsureDataDir(dataDir); err != nil {
		return nil, err
	}
	if err := createSecret(path); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, err
	}
	return readSecret(path) // ours, or the one a concurrent hubd created first
}

// ErrNoDevSecret is ReadDevSecret's answer for a data dir that holds no dev secret.
var ErrNoDevSecret = errors.New("no dev secret")

// ReadDevSecret is DevSecret without the creation: a data dir without DataDir/jwt-secret is an
// error wrapping ErrNoDevSecret that names the file's absolute path. `hubd token` uses it,
// because a token signed with a secret it just made up is one no running serve accepts.
func ReadDevSecret(dataDir string) ([]byte, error) {
	path, err := filepath.Abs(filepath.Join(dataDir, SecretFile))
	if err != nil {
		return nil, fmt.Errorf("config: dev secret: %w", err)
	}
	secret, err := readSecret(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s", ErrNoDevSecret, path)
	}
	return secret, err
}

func readSecret(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: dev secret: %w", err)
	}
	secret := []byte(strings.TrimSpace(string(b)))
	if len(secret) < MinSecretLength {
		return nil, fmt.Errorf("config: dev secret %s holds %d bytes, want at least %d: delete it to get a new one",
			path, len(secret), MinSecretLength)
	}
	return secret, nil
}

// createSecret writes a temporary file and links it into place: link fails if the name exists,
// so two processes starting at once never overwrite each other's secret or read half a file.
func createSecret(path string) (err error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return fmt.Errorf("config: dev secret: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), SecretFile+".*.tmp")
	if err != nil {
		return fmt.Errorf("config: dev secret: %w", err)
	}
	defer func() { // linked into place or not, the temporary name goes: it is a copy of the secret
		if rmErr := os.Remove(tmp.Name()); rmErr != nil {
			err = errors.Join(err, fmt.Errorf("config: dev secret: %w", rmErr))
		}
	}()
	_, err = tmp.WriteString(hex.EncodeToString(raw) + "\n")
	if err == nil {
		err = tmp.Chmod(0o600) // CreateTemp already uses 0600; say it where it matters
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("config: dev secret: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return err
		}
		return fmt.Errorf("config: dev secret: %w", err)
	}
	return nil
}
