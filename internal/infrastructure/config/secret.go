package config

import "log/slog"

// Secret is a string that must not end up in logs or error messages: printing a Config with
// %v or handing it to slog shows "[redacted]" (or "" when unset) instead of the key.
type Secret string

// String hides the value.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

// LogValue hides the value from slog.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Bytes is the secret as key material.
func (s Secret) Bytes() []byte { return []byte(s) }
