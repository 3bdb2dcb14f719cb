package command_test

import (
	"testing"

	"github.com/hubd/hubd/internal/infrastructure/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }
