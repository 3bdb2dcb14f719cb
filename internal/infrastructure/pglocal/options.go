package pglocal

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// Mode selects between speed and durability, because tests want a fast
// disposable cluster while a single-host deployment wants its data to stay.
type Mode int

const (
	// Throwaway clusters live in a fresh temporary directory that Stop
	// deletes; durability settings (fsync, synchronous_commit,
	// full_page_writes) are off because a crash loses nothing of value.
	Throwaway Mode = iota
	// Persistent clusters live in Options.DataDir and survive restarts;
	// initdb runs only when the directory holds no cluster yet.
	Persistent
)

// String makes modes readable in logs and errors.
func (m Mode) String() string {
	switch m {
	case Throwaway:
		return "throwaway"
	case Persistent:
		return "persistent"
	}
	return "Mode(?)"
}

// defaultStartTimeout is generous because initdb on a slow CI disk can take
// many seconds, and a false timeout is worse than a slow failure.
const defaultStartTimeout = 60 * time.Second

// Options configures Start. The zero value is a valid throwaway server.
type Options struct {
	// Mode chooses a disposable or a durable cluster.
	Mode Mode
	// DataDir is the cluster directory itself in Persistent mode (created,
	// with any missing parents, when absent). Throwaway ignores it so that
	// callers can never accidentally delete a real directory on Stop.
	DataDir string
	// BinDir holds initdb and postgres; empty means FindBinDir.
	BinDir string
	// Port is the loopback TCP port; 0 picks a free one, which is what lets
	// several servers (e.g. parallel tests) coexist.
	Port int
	// Logger receives lifecycle events; nil discards them.
	Logger *slog.Logger
	// StartTimeout bounds the whole of Start (initdb included); 0 means 60s.
	StartTimeout time.Duration
}

// normalized fills defaults and rejects contradictions before any side
// effect, so a bad call never leaves a directory behind.
func (o Options) normalized() (Options, error) {
	if o.Mode != Throwaway && o.Mode != Persistent {
		return o, errors.New("pglocal: unknown Mode")
	}
	if o.Mode == Persistent && o.DataDir == "" {
		return o, errors.New("pglocal: Persistent mode requires Options.DataDir")
	}
	if o.Port < 0 || o.Port > 65535 {
		return o, errors.New("pglocal: Options.Port out of range")
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.StartTimeout <= 0 {
		o.StartTimeout = defaultStartTimeout
	}
	return o, nil
}

// sleepCtx waits d unless ctx ends first; polling loops use it so that a
// cancelled caller is never held up by a sleep.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
