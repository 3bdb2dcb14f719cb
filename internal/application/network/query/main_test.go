package query_test

import (
	"testing"

	"github.com/hubd/hubd/internal/infrastructure/pgtest"
)

// TestMain gives the package a migrated template database; every test clones its own.
func TestMain(m *testing.M) { pgtest.Main(m) }
