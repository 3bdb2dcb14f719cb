package pglocal

import (
	"context"
	"errors"
	"fmt"
	"syscall"
	"time"
)

const (
	// gracefulStop caps the fast-shutdown wait when ctx has no earlier
	// deadline; a checkpoint on a big persistent cluster can take a while.
	gracefulStop = 30 * time.Second
	// immediateStop is how long SIGQUIT (immediate shutdown) may take
	// before we stop asking and SIGKILL the process group.
	immediateStop = 5 * time.Second
)

// Stop shuts the server down and waits for it to exit. It first asks for a
// fast shutdown (SIGINT: clients are disconnected, a checkpoint is written),
// escalating to SIGQUIT and then SIGKILL once ctx ends or 30s pass, so Stop
// always returns with no process left. Throwaway data is then removed. Only
// the first call does (and reports) anything; later ones return nil, so a
// deferred or t.Cleanup Stop can sit alongside an explicit one.
func (s *Server) Stop(ctx context.Context) error {
	var err error
	s.stopOnce.Do(func() {
		err = s.shutdown(ctx)
		if rmErr := s.lay.discard(); rmErr != nil {
			err = errors.Join(err, fmt.Errorf("pglocal: remove temp dir: %w", rmErr))
		}
		if err != nil {
			s.logger.Warn("pglocal: server stopped", "error", err.Error())
		} else {
			s.logger.Info("pglocal: server stopped") // no error attribute: a clean stop has none
		}
	})
	return err
}

// shutdown escalates through PostgreSQL's three shutdown signals. Escalation
// is reported as an error because it forces crash recovery on the next
// Persistent start; an exit we did not cause is reported too.
func (s *Server) shutdown(ctx context.Context) error {
	p := s.proc
	if p.exited() {
		p.kill() // a crashed postmaster may have left backends in its group
		return s.exitErr("server had already exited")
	}
	timer := time.NewTimer(gracefulStop)
	defer timer.Stop()
	p.signal(syscall.SIGINT)
	select {
	case <-p.done:
		return s.exitErr("fast shutdown failed")
	case <-ctx.Done():
	case <-timer.C:
	}
	p.signal(syscall.SIGQUIT)
	select {
	case <-p.done:
		p.kill() // the postmaster is gone; make sure no backend outlives it
		return errors.New("pglocal: fast shutdown timed out; used immediate shutdown")
	case <-time.After(immediateStop):
	}
	p.kill()
	return errors.New("pglocal: server ignored shutdown requests; killed it")
}

// exitErr turns a non-zero exit status into an error carrying the log tail,
// which is where PostgreSQL explains what went wrong.
func (s *Server) exitErr(what string) error {
	if s.proc.err != nil {
		return fmt.Errorf("pglocal: %s: %v\nserver log %s (last lines):\n%s",
			what, s.proc.err, s.lay.logPath, tailLines(s.lay.logPath, 20))
	}
	return nil
}
