package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"

	"github.com/hubd/hubd/internal/infrastructure/config"
)

// listen binds the listen address. serve calls it before anything slow (initdb, migrations,
// seeding), so that a taken port fails at once and the error names the address.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("listen on %s: the address is already in use (another hubd serve?): "+
			"stop what holds it, or choose another address with --addr or $%s", addr, config.EnvHTTPAddr)
	}
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ln, nil
}

// serveHTTP prints where ln (bound by listen) listens, and serves handler on it until ctx
// ends; then it shuts down gracefully, closing draining first so that long-lived event streams
// end (the server's Shutdown waits for every handler). Listening before serving is what lets it
// print the real address when the port was 0.
func serveHTTP(ctx context.Context, stopSignals func(), ln net.Listener, handler http.Handler, draining chan<- struct{},
	cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	// The handler bounds each body more tightly than ReadTimeout, by the request timeout, and
	// cuts it at once on shutdown; ReadTimeout stays as the bound of last resort.
	fresh := &freshConns{conns: map[net.Conn]struct{}{}}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second, // slowloris
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		ConnState:         fresh.track,
	}
	srv.RegisterOnShutdown(func() {
		close(draining)
		fresh.close()
	})
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	url := displayURL(ln.Addr())
	log.Info("listening", "addr", ln.Addr().String(), "url", url)
	if _, err := fmt.Fprintf(stdout, "hubd listening on %s\nconsole: %s/console/\nget a token: %s\n", url, url, tokenCommand(cfg)); err != nil {
		log.Warn("cannot print the address on stdout; the service runs on", "err", err) // the log line above has it
	}

	select {
	case err := <-served:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	// From here a second SIGINT/SIGTERM ends the process at once, for the impatient operator;
	// the local PostgreSQL then dies with it (pglocal sets a parent-death signal).
	stopSignals()
	log.Info("shutting down: draining requests", "timeout", cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if err != nil {
		err = errors.Join(fmt.Errorf("graceful shutdown: %w", err), srv.Close())
	}
	if serveErr := <-served; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	return err
}

// displayURL is a URL a person can open: a wildcard address (":8080") shows as localhost.
func displayURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// freshConns are the connections that have not delivered a whole request yet. Shutdown closes
// idle connections at once but a new one only when it is 5 s old, so a client sending its
// headers slowly would hold up the exit; none of them has a request in flight to finish.
type freshConns struct {
	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

func (f *freshConns) track(c net.Conn, state http.ConnState) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if state == http.StateNew {
		f.conns[c] = struct{}{}
	} else {
		delete(f.conns, c)
	}
}

func (f *freshConns) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for c := range f.conns {
		_ = c.Close()
		delete(f.conns, c)
	}
}
