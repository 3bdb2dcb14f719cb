package config

import (
	"fmt"
	"log/slog"
	"strings"
)

// SlogLevel is Level as a slog.Level. Only the four named levels are accepted (in any case),
// not slog's "info+2" offsets, which operators would not expect in a config file.
func (l Log) SlogLevel() (slog.Level, error) {
	switch strings.ToLower(l.Level) {
	case "debug":
		return slog.LevelDebug, nil
	case "info":
		return slog.LevelInfo, nil
	case "warn":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("must be debug, info, warn or error, got %q", l.Level)
}
