package query_test

import (
	"context"

	"github.com/hubd/hubd/internal/apptest"
)

// The fixture these tests share with the command tests (an application over a database of the
// test's own, its clock, hubs stored as MASTER) is package apptest.

var (
	ctx = context.Background()
	// now is every time these tests store: their clock never moves from apptest.Start, and it
	// comes back as PostgreSQL keeps it.
	now = apptest.Stored(apptest.Start)
)
