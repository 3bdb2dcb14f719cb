package main

import (
	"math/rand/v2"
	"net/url"
	"sync"
)

// createdHub is a hub the soak created, as the soak last saw it.
type createdHub struct {
	id      string
	version int64 // from the ETag of the last 2xx answer
	leased  bool  // a worker is changing it: nobody else writes it meanwhile
	broken  bool  // a change of it failed: its state is unknown, so it is left alone
}

// hubPool holds the hubs the soak created. A write leases a hub, so no two writes of one hub
// ever overlap: the version the soak knows is then exact, an If-Match with it never meets 412,
// and a PATCH never meets the hub deleted (409) in the middle of a delete+restore.
type hubPool struct {
	mu   sync.Mutex
	hubs []*createdHub
}

func (p *hubPool) add(id string, version int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.hubs = append(p.hubs, &createdHub{id: id, version: version})
}

// lease takes a random hub nobody is writing and returns it with its version, or nil when
// every hub is busy. Only its id may be read without the lock; release ends the lease.
func (p *hubPool) lease(r *rand.Rand) (*createdHub, int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(p.hubs)
	if n == 0 {
		return nil, 0
	}
	start := r.IntN(n)
	for i := range n {
		h := p.hubs[(start+i)%n]
		if !h.leased && !h.broken {
			h.leased = true
			return h, h.version
		}
	}
	return nil, 0
}

// release ends a lease with the version the last answer gave, or marks the hub broken.
func (p *hubPool) release(h *createdHub, version int64, broken bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	h.leased, h.version, h.broken = false, version, h.broken || broken
}

// randomID is any created hub (busy or not: reads do not lease), or "" when there is none.
func (p *hubPool) randomID(r *rand.Rand) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.hubs) == 0 {
		return ""
	}
	return p.hubs[r.IntN(len(p.hubs))].id
}

// known returns the versions of the hubs whose state the soak knows, for the final check.
func (p *hubPool) known() (versions map[string]int64, broken int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	versions = make(map[string]int64, len(p.hubs))
	for _, h := range p.hubs {
		if h.broken || h.leased {
			broken++
			continue
		}
		versions[h.id] = h.version
	}
	return versions, broken
}

func (p *hubPool) size() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.hubs)
}

// cursorChain is a search being paged through by its cursors.
type cursorChain struct {
	base   url.Values // filters and sort, fixed for the chain
	cursor string     // the next page's cursor
	depth  int        // pages read so far
}

// cursorPool holds chains waiting for their next page. It is bounded: when full, a new chain
// replaces a random old one.
type cursorPool struct {
	mu     sync.Mutex
	chains []cursorChain
	limit  int
}

func (p *cursorPool) put(r *rand.Rand, c cursorChain) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.chains) < p.limit {
		p.chains = append(p.chains, c)
		return
	}
	p.chains[r.IntN(len(p.chains))] = c
}

// take removes a random chain, or returns ok false when there is none.
func (p *cursorPool) take(r *rand.Rand) (cursorChain, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(p.chains)
	if n == 0 {
		return cursorChain{}, false
	}
	i := r.IntN(n)
	c := p.chains[i]
	p.chains[i] = p.chains[n-1]
	p.chains = p.chains[:n-1]
	return c, true
}
