package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"gopkg.in/yaml.v3"
)

// DefaultPath is read when no path is given; unlike an explicit path, it may be missing.
const DefaultPath = "configs/hubd.yaml"

// The environment variables Load reads. A variable that is unset or empty overrides nothing.
const (
	EnvConfig      = "HUBD_CONFIG" // the file, when --config is not given
	EnvDatabaseURL = "HUBD_DATABASE_URL"
	EnvDataDir     = "HUBD_DATA_DIR"
	EnvHTTPAddr    = "HUBD_HTTP_ADDR"
	EnvJWTSecret   = "HUBD_JWT_SECRET"
	EnvLogLevel    = "HUBD_LOG_LEVEL"
	EnvLogFormat   = "HUBD_LOG_FORMAT"
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
	return nil
}

// applyEnv overrides cfg with the HUBD_* variables that are set and not empty.
func applyEnv(cfg *Config) {
	set := func(dst *string, name string) {
		if v := os.Getenv(name); v != "" {
			*dst = v
		}
	}
	set(&cfg.Database.URL, EnvDatabaseURL)
	set(&cfg.DataDir, EnvDataDir)
	set(&cfg.HTTP.Addr, EnvHTTPAddr)
	set(&cfg.Log.Level, EnvLogLevel)
	set(&cfg.Log.Format, EnvLogFormat)
	if v := os.Getenv(EnvJWTSecret); v != "" {
		cfg.JWT.Secret = Secret(v)
	}
}
