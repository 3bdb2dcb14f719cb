package main

import (
	"io"
	"log/slog"

	"github.com/hubd/hubd/internal/infrastructure/config"
)

// newLogger builds the structured log every command writes to stderr: JSON by default, so a
// collector can parse it, or text for a person at a terminal.
func newLogger(c config.Log, w io.Writer) *slog.Logger {
	level, _ := c.SlogLevel() // config.Load has validated it
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
