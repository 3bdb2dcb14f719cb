package main

import (
	"testing"

	"github.com/hubd/hubd/internal/infrastructure/config"
)

// TestTokenCommandWorksFromServesDirectory: the command serve prints runs the binary serve
// runs from where serve was started (make run: ./bin/hubd), and names the data dir when it is
// not the default one token would use.
func TestTokenCommandWorksFromServesDirectory(t *testing.T) {
	def := config.Default()
	other := config.Default()
	other.DataDir = "/srv/hubd data"
	below := config.Default()
	below.DataDir = "/work/repo/tmp/data"
	relative := config.Default()
	relative.DataDir = ".hubd/" // the default, spelled differently
	secret := config.Default()
	secret.DataDir, secret.JWT.Secret = "/elsewhere", config.Secret("0123456789abcdef0123456789abcdef")
	for _, c := range []struct {
		name, exe, cwd, onPath string
		cfg                    config.Config
		want                   string
	}{
		{"make run", "/work/repo/bin/hubd", "/work/repo", "", def, "./bin/hubd token --role MASTER"},
		{"binary elsewhere", "/tmp/go-build1/hubd", "/work/repo", "", def, "/tmp/go-build1/hubd token --role MASTER"},
		{"binary on PATH", "/usr/local/bin/hubd", "/work/repo", "hubd", def, "hubd token --role MASTER"},
		{"sibling directory", "/work/repo2/hubd", "/work/repo", "", def, "/work/repo2/hubd token --role MASTER"},
		{"another data dir", "/work/repo/bin/hubd", "/work/repo", "", other,
			"./bin/hubd token --role MASTER --data-dir '/srv/hubd data'"},
		{"data dir below", "/work/repo/bin/hubd", "/work/repo", "", below,
			"./bin/hubd token --role MASTER --data-dir ./tmp/data"},
		{"default spelled differently", "/work/repo/bin/hubd", "/work/repo", "", relative, "./bin/hubd token --role MASTER"},
		{"configured secret", "/work/repo/bin/hubd", "/work/repo", "", secret,
			"./bin/hubd token --role MASTER (with the same jwt.secret / $HUBD_JWT_SECRET as this serve)"},
	} {
		if got := formatTokenCommand(c.exe, c.cwd, c.onPath, c.cfg); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
