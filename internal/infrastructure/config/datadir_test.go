package config_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hubd/hubd/internal/infrastructure/config"
)

func TestDevSecretIsCreatedOnceAndReused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "data")
	first, err := config.DevSecret(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 64 {
		t.Errorf("secret is %d bytes, want 64 (32 random bytes in hex)", len(first))
	}
	again, err := config.DevSecret(dir)
	if err != nil || !bytes.Equal(first, again) {
		t.Errorf("second DevSecret = %q, %v; want the first one", again, err)
	}
	assertMode(t, filepath.Join(dir, config.SecretFile), 0o600)
	assertMode(t, dir, config.DataDirMode)
	assertMode(t, filepath.Dir(dir), 0o755)
	if other, err := config.DevSecret(t.TempDir()); err != nil || bytes.Equal(other, first) {
		t.Errorf("another data dir got %q, %v; want a different secret", other, err)
	}
}

func TestDevSecretRacesAgreeOnOneSecret(t *testing.T) {
	dir := t.TempDir()
	secrets := make([][]byte, 8)
	var wg sync.WaitGroup
	for i := range secrets {
		wg.Go(func() {
			s, err := config.DevSecret(dir)
			if err != nil {
				t.Error(err)
			}
			secrets[i] = s
		})
	}
	wg.Wait()
	for _, s := range secrets[1:] {
		if !bytes.Equal(s, secrets[0]) {
			t.Fatalf("concurrent DevSecret calls disagree: %q vs %q", s, secrets[0])
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("data dir holds %d entries, want only %s (no temp files left)", len(entries), config.SecretFile)
	}
}

func TestDevSecretRefusesAShortFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, config.SecretFile), []byte("short\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := config.DevSecret(dir); err == nil {
		t.Error("a 5-byte dev secret was accepted")
	}
}

// TestReadDevSecretNeverCreates: a missing secret is ErrNoDevSecret naming the absolute path,
// and leaves no file or directory behind; an existing one reads as DevSecret does.
func TestReadDevSecretNeverCreates(t *testing.T) {
	t.Chdir(t.TempDir())
	_, err := config.ReadDevSecret("data")
	want := filepath.Join(mustGetwd(t), "data", config.SecretFile)
	if !errors.Is(err, config.ErrNoDevSecret) || !strings.Contains(err.Error(), want) {
		t.Errorf("ReadDevSecret of an empty data dir = %v, want ErrNoDevSecret naming %s", err, want)
	}
	if _, err := os.Stat("data"); !os.IsNotExist(err) {
		t.Errorf("ReadDevSecret created the data dir (stat: %v)", err)
	}
	made, err := config.DevSecret("data")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := config.ReadDevSecret("data"); err != nil || !bytes.Equal(got, made) {
		t.Errorf("ReadDevSecret = %q, %v; want DevSecret's %q", got, err, made)
	}
}

func mustGetwd(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}

func TestEnsureDataDirKeepsAnExistingMode(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := config.EnsureDataDir(dir); err != nil {
		t.Fatal(err)
	}
	assertMode(t, dir, 0o750)
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := config.EnsureDataDir(file); err == nil {
		t.Error("a file was accepted as data dir")
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s has mode %v, want %v", path, got, want)
	}
}
