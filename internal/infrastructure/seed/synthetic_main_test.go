package seed_test

import (
	"testing"

	"github.com/hubd/hubd/internal/infrastructure/pgtest"
)

// TestMain gives the synthetic loader's tests a migrated PostgreSQL (pgtest); the other tests
// of the package do not use it.
func TestMain(m *testing.M) { pgtest.Main(m) }
