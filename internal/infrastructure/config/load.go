package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// DefaultPath is read when no path is given; unlike an explicit path, it may be missing.
const DefaultPath = "configs/hubd.yaml"

// The environment variables Load reads. A variable that is unset or empty overrides nothing.
const (
	EnvConfig      = "HUBD_CONFIG" // the file, when --config is not given
	EnvDatabaseURL = "HUBD_DATABASE_URL"
	// EnvReadDatabaseURL is database.read_urls: one or more URLs, comma-separated (a comma
	// inside a URL is written %2C). It replaces the file's list as a whole.
	EnvReadDatabaseURL = "HUBD_READ_DATABASE_URL"
	EnvDataDir         = "HUBD_DATA_DIR"
	EnvHTTPAddr        = "HUBD_HTTP_ADDR"
	EnvJWTSecret       = "HUBD_JWT_SECRET" //nolint:gosec // G101: the variable's name, not a secret
	EnvLogLevel        = "HUBD_LOG_LEVEL"
	EnvLogFormat       = "HUBD_LOG_FORMAT"
	// EnvRateLimit is http.rate_limit, requests a second per caller; 0 turns limiting off.
	EnvRateLimit = "HUBD_RATE_LIMIT"
	// EnvJWTMaxLifetime is jwt.max_lifetime, a Go duration such as 720h.
	EnvJWTMaxLifetime = "HUBD_JWT_MAX_LIFETIME"
	// EnvRateBurst is http.rate_burst.
	EnvRateBurst = "HUBD_RATE_BURST"
	// EnvAnonymousRateLimit is http.anonymous_rate_limit, requests a second per client address
	// without a valid token; 0 turns that limit off.
	EnvAnonymousRateLimit = "HUBD_ANONYMOUS_RATE_LIMIT"
	// EnvAnonymousRateBurst is http.anonymous_rate_burst.
	EnvAnonymousRateBurst = "HUBD_ANONYMOUS_RATE_BURST"
	// EnvMaxStreams is http.max_streams, the event streams open at once.
	EnvMaxStreams = "HUBD_MAX_STREAMS"
	// EnvMaxStreamsPerCaller is http.max_streams_per_caller.
	EnvMaxStreamsPerCaller = "HUBD_MAX_STREAMS_PER_CALLER"
)

// Load builds the configuration: Default, then the YAML file, then the environment, then
// Validate. path is the file to read; empty means $HUBD_CONFIG, else DefaultPath. A file named
// by path or HUBD_CONFIG must exist (a typo must not silently fall back to defaults); the
// default file may be missing. Keys the file does not know are an error for the same reason.
func Load(path string) (Config, error) {
	explicit := true
	if path == "" {
		path = os.Getenv(EnvConfig)
	}
	if path == "" {
		path, explicit = DefaultPath, false
	}
	cfg := Default()
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !explicit:
	case err != nil:
		return Config{}, fmt.Errorf("config: %w", err)
	default:
		if err := decode(data, &cfg); err != nil {
			return Config{}, fmt.Errorf("config: %s: %w", path, err)
		}
	}
	applyEnv(&cfg)
	if err := cfg.Validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// decode reads YAML over cfg, so keys the file leaves out keep their defaults.
func decode(data []byte, cfg *Config) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) { // EOF: an empty file
		return err
	}
	cfg.Database.ReadURLs = cleanURLs(cfg.Database.ReadURLs)
	return nil
}

// cleanURLs trims each URL and drops the empty ones, the same for the file and the
// environment; none at all is nil, so `read_urls: []` equals leaving the key out.
func cleanURLs(urls []string) []string {
	var clean []string
	for _, u := range urls {
		if u = strings.TrimSpace(u); u != "" {
			clean = append(clean, u)
		}
	}
	return clean
}

// applyEnv overrides cfg with the HUBD_* variables that are set and not empty (for
// HUBD_READ_DATABASE_URL: that name at least one URL).
func applyEnv(cfg *Config) {
	set := func(dst *string, name string) {
		if v := os.Getenv(name); v != "" {
			*dst = v
		}
	}
	set(&cfg.Database.URL, EnvDatabaseURL)
	if urls := cleanURLs(strings.Split(os.Getenv(EnvReadDatabaseURL), ",")); urls != nil {
		cfg.Database.ReadURLs = urls
	}
	set(&cfg.DataDir, EnvDataDir)
	set(&cfg.HTTP.Addr, EnvHTTPAddr)
	set(&cfg.Log.Level, EnvLogLevel)
	set(&cfg.Log.Format, EnvLogFormat)
	if v := os.Getenv(EnvJWTSecret); v != "" {
		cfg.JWT.Secret = Secret(v)
	}
	if v := os.Getenv(EnvJWTMaxLifetime); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			d = -1 // refused by validate, which names the setting
		}
		cfg.JWT.MaxLifetime = d
	}
	setFloat := func(dst *float64, name string) {
		if v := os.Getenv(name); v != "" {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				n = -1 // refused by validate, which names the setting
			}
			*dst = n
		}
	}
	setInt := func(dst *int, name string) {
		if v := os.Getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				n = -1 // refused by validate, which names the setting
			}
			*dst = n
		}
	}
	setFloat(&cfg.HTTP.RateLimit, EnvRateLimit)
	setInt(&cfg.HTTP.RateBurst, EnvRateBurst)
	setFloat(&cfg.HTTP.AnonymousRateLimit, EnvAnonymousRateLimit)
	setInt(&cfg.HTTP.AnonymousRateBurst, EnvAnonymousRateBurst)
	setInt(&cfg.HTTP.MaxStreams, EnvMaxStreams)
	setInt(&cfg.HTTP.MaxStreamsPerCaller, EnvMaxStreamsPerCaller)
}
