package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/hubd/hubd/internal/infrastructure/config"
)

// tokenCommand is the `hubd token` command line serve prints at start: one that works typed in
// a shell in serve's working directory, without serve's environment. The binary as it can be
// run from there (its name alone when PATH finds this very file, else ./relative below the
// working directory, else absolute), and --data-dir when serve's data dir is not the default,
// so that the token is signed with serve's dev secret. A configured secret cannot be printed;
// the hint then says the token command needs it too.
func tokenCommand(cfg config.Config) string {
	exe, err := os.Executable()
	if err != nil {
		exe = "hubd"
	}
	cwd, err := os.Getwd()
	if err != nil {
		cwd = ""
	}
	onPath := ""
	if p, err := exec.LookPath(filepath.Base(exe)); err == nil {
		if a, errA := os.Stat(p); errA == nil {
			if b, errB := os.Stat(exe); errB == nil && os.SameFile(a, b) {
				onPath = filepath.Base(exe)
			}
		}
	}
	return formatTokenCommand(exe, cwd, onPath, cfg)
}

// formatTokenCommand is tokenCommand without the process: exe is the running binary's absolute
// path, cwd the working directory, onPath the binary's name when PATH finds it, else "".
func formatTokenCommand(exe, cwd, onPath string, cfg config.Config) string {
	bin := onPath
	if bin == "" {
		bin = runnablePath(exe, cwd)
	}
	cmd := shellQuote(bin) + " token --role MASTER"
	if cfg.JWT.Secret != "" {
		return cmd + " (with the same jwt.secret / $" + config.EnvJWTSecret + " as this serve)"
	}
	if filepath.Clean(cfg.DataDir) != filepath.Clean(config.Default().DataDir) {
		cmd += " --data-dir " + shellQuote(runnablePath(cfg.DataDir, cwd))
	}
	return cmd
}

// runnablePath shows p (absolute, or relative to cwd) as ./relative when it is below cwd, else
// as an absolute path: a bare relative name would be looked up in PATH, not run.
func runnablePath(p, cwd string) string {
	if cwd == "" {
		return p
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(cwd, p)
	}
	rel, err := filepath.Rel(cwd, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		return p
	}
	return "./" + rel
}

// shellQuote leaves a word made of safe characters as it is and single-quotes anything else,
// so a path with spaces still pastes as one argument.
func shellQuote(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_./:@%+=,-", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
