package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hubd/hubd/internal/infrastructure/config"
)

// TestServeUsageDocumentsTheLimits: `hubd serve --help` names every limit's variable and says
// its built-in default, so the text cannot drift from config.Default.
func TestServeUsageDocumentsTheLimits(t *testing.T) {
	d := config.Default().HTTP
	for _, want := range []string{config.EnvRateLimit, config.EnvRateBurst, config.EnvAnonymousRateLimit,
		config.EnvAnonymousRateBurst, config.EnvMaxStreams, config.EnvMaxStreamsPerCaller,
		fmt.Sprintf("default %v and %v;", d.RateLimit, d.RateBurst),
		fmt.Sprintf("default %v and %v)", d.AnonymousRateLimit, d.AnonymousRateBurst),
		fmt.Sprintf("(default %v and %v)", d.MaxStreams, d.MaxStreamsPerCaller)} {
		if !strings.Contains(serveUsage, want) {
			t.Errorf("serve usage does not say %q:\n%s", want, serveUsage)
		}
	}
}
