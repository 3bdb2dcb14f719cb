package postgres

import (
	"sync"
	"time"
)

// lsnHistory remembers when the primary reached which WAL position, for measuring replica lag
// in time. It keeps a bounded window of samples.
type lsnHistory struct {
	mu      sync.Mutex
	samples []lsnSample
}

type lsnSample struct {
	at  time.Time
	pos lsn
}

const maxLSNSamples = 4096

func (h *lsnHistory) add(at time.Time, pos lsn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if n := len(h.samples); n > 0 && h.samples[n-1].pos == pos {
		return // no progress: the oldest sample at this position is what lag is measured from
	}
	if len(h.samples) == maxLSNSamples {
		h.samples = append(h.samples[:0], h.samples[maxLSNSamples/2:]...)
	}
	h.samples = append(h.samples, lsnSample{at, pos})
}

// lagOf is how long ago the primary first went past replay: 0 when the replica has replayed
// everything the primary was known to have.
func (h *lsnHistory) lagOf(replay lsn, now time.Time) time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range h.samples {
		if s.pos > replay {
			return now.Sub(s.at)
		}
	}
	return 0
}
