package token

import "sync"

// maxVerified bounds the cache of verified tokens; when it is full it starts over.
const maxVerified = 4096

// verifiedCache remembers the claims of tokens whose signature and structure verified, by the
// token's exact text: a client sends the same token with every request, and parsing it again
// (base64, JSON, HMAC) is a noticeable part of a read's CPU. Only what cannot change is
// cached: the time rules (checkTimes) are applied to the cached claims at every use, so a
// cached token expires exactly when an uncached one would. The secret is fixed for the life of
// an HS256, so equal text verifies equally.
type verifiedCache struct {
	mu sync.RWMutex
	m  map[string]jwtClaims
}

func (c *verifiedCache) get(tok string) (jwtClaims, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	claims, ok := c.m[tok]
	return claims, ok
}

func (c *verifiedCache) put(tok string, claims jwtClaims) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxVerified {
		c.m = make(map[string]jwtClaims)
	}
	c.m[tok] = claims
}
