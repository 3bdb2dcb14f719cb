package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/infrastructure/config"
	"github.com/hubd/hubd/internal/infrastructure/token"
)

// roleNames lists the roles as the usage and errors show them, from access.Roles so a new
// role appears here without anyone editing this file.
func roleNames() string {
	names := make([]string, len(access.Roles))
	for i, r := range access.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

var tokenUsage = `usage: hubd token --role ROLE [--sub UUID] [--ttl 1h] [--data-dir DIR] [--create-secret] [--config PATH]

Prints a signed bearer token, and nothing else, on stdout, for local use and tests:
  curl -H "Authorization: Bearer $(hubd token --role MASTER)" http://localhost:8080/api/v1/hubs
It is signed with jwt.secret ($HUBD_JWT_SECRET) or, when none is configured, with the dev
secret in <data_dir>/jwt-secret: the one hubd serve uses with the same data dir (serve creates
it on its first start). When that file does not exist, token says where it looked and fails
(exit 1) rather than sign with a new secret no running serve knows, unless --create-secret.

flags:
  --role ROLE     one of ` + roleNames() + ` (required)
  --sub UUID      the caller's user id (default: a random UUID, noted on stderr)
  --ttl DURATION  how long the token is valid, e.g. 30m, 1h, 24h (default 1h); at most
                  jwt.max_lifetime ($HUBD_JWT_MAX_LIFETIME, default 720h), which serve enforces
  --data-dir DIR  the data dir whose dev secret signs (default: data_dir, $HUBD_DATA_DIR, ./.hubd)
  --create-secret create the dev secret when the data dir has none, as serve would
  --config PATH   configuration file (default: $HUBD_CONFIG, else configs/hubd.yaml if present)
`

func runToken(args []string, out streams) int {
	fs := flagSet("token")
	roleName := fs.String("role", "", "role")
	subText := fs.String("sub", "", "subject UUID")
	ttl := fs.Duration("ttl", time.Hour, "validity")
	cfgPath := fs.String("config", "", "configuration file")
	dataDir := fs.String("data-dir", "", "data dir")
	createSecret := fs.Bool("create-secret", false, "create a missing dev secret")
	if code, done := out.parseNoArgs(fs, tokenUsage, args); done {
		return code
	}
	role, ok := access.ParseRole(*roleName)
	switch {
	case *roleName == "":
		return out.usageError(fs, tokenUsage, "--role is required: one of %s", roleNames())
	case !ok:
		return out.usageError(fs, tokenUsage, "unknown role %q: want one of %s", *roleName, roleNames())
	case *ttl <= 0:
		return out.usageError(fs, tokenUsage, "--ttl must be positive, got %v", *ttl)
	}
	sub := uuid.New()
	if *subText != "" {
		var err error
		if sub, err = uuid.Parse(*subText); err != nil || sub == uuid.Nil {
			return out.usageError(fs, tokenUsage, "--sub must be a UUID other than the nil UUID, got %q", *subText)
		}
	} else {
		out.notef("hubd token: no --sub given, using %s\n", sub)
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return out.fail("token", err)
	}
	if *dataDir != "" {
		cfg.DataDir = *dataDir
	}
	if err := requireDevSecret(cfg, *createSecret); err != nil {
		return out.fail("token", err)
	}
	tok, err := sign(cfg, sub.String(), string(role), *ttl)
	if err != nil {
		return out.fail("token", err)
	}
	return out.printf("%s\n", tok)
}

// requireDevSecret refuses to go on when the token would be signed with a dev secret that does
// not exist yet (unless create): signing would create one, in a data dir no serve uses (token
// run from another directory), and serve would refuse the token as a bad signature.
func requireDevSecret(cfg config.Config, create bool) error {
	if cfg.JWT.Secret != "" || create {
		return nil
	}
	_, err := config.ReadDevSecret(cfg.DataDir)
	if errors.Is(err, config.ErrNoDevSecret) {
		return fmt.Errorf("%w, and no jwt.secret ($%s) is configured.\n"+
			"hubd serve creates the dev secret on its first start: start it first, or point at the data dir "+
			"it uses with --data-dir DIR or $%s, or pass --create-secret to create one here", err,
			config.EnvJWTSecret, config.EnvDataDir)
	}
	return err
}

// sign signs with the secret serve would verify with.
func sign(cfg config.Config, sub, role string, ttl time.Duration) (string, error) {
	secret, err := jwtSecret(cfg)
	if err != nil {
		return "", err
	}
	tokens, err := token.NewHS256(secret, tokenOptions(cfg)...)
	if err != nil {
		return "", err
	}
	return tokens.Sign(sub, role, ttl)
}
