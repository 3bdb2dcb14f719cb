package config

import (
	"fmt"
	"log/slog"
	"strings"
)

// The log formats. Auto, the default, is text for a person when stderr is a terminal and JSON
// for a collector when it is not; json and text force one.
const (
	LogFormatAuto = "auto"
	LogFormatJSON = "json"
	LogFormatText = "text"
)

// checkFormat accepts the three formats, spelled exactly.
func (l Log) checkFormat() error {
	switch l.Format {
	case LogFormatAuto, LogFormatJSON, LogFormatText:
		return nil
	}
	return fmt.Errorf("must be auto, json or text, got %q", l.Format)
}

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
