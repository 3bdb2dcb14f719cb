package main

import (
	"net"
	"time"

	"github.com/hubd/hubd/internal/infrastructure/config"
	"github.com/hubd/hubd/internal/infrastructure/token"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// devTokenLifetime is how long a token from POST /dev/token lives: a working session.
const devTokenLifetime = time.Hour

// devTokens is the issuer of POST /dev/token, or nil (the route is then 404). It mints tokens
// of any role for anyone who asks, so it exists only where that gives nothing away: hubd signs
// with the dev secret of its own data dir (no jwt.secret configured, so no token it mints is
// valid anywhere else), and ln is bound to loopback only (whoever can reach it is on this
// machine and could run `hubd token` anyway). The bound address is what counts, not the text
// of http.addr: ":8080" and "0.0.0.0:0" bind every interface.
func devTokens(cfg config.Config, ln net.Listener, tokens *token.HS256) httpapi.DevTokenIssuer {
	addr, ok := ln.Addr().(*net.TCPAddr)
	if cfg.JWT.Secret != "" || !ok || !addr.IP.IsLoopback() {
		return nil
	}
	return devTokenIssuer{tokens}
}

// devTokenIssuer adapts token.HS256 to httpapi.DevTokenIssuer.
type devTokenIssuer struct{ tokens *token.HS256 }

// Issue implements httpapi.DevTokenIssuer: a token of devTokenLifetime, or of the maximum
// lifetime when that is shorter, and its expiry as the signer wrote it into the token.
func (d devTokenIssuer) Issue(sub, role string) (string, time.Time, error) {
	return d.tokens.SignExpiring(sub, role, min(devTokenLifetime, d.tokens.MaxLifetime()))
}
