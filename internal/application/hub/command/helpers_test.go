package command_test

import "context"

// The fixture these tests share with the query tests (an application over a database of the
// test's own, its clock, hubs stored as MASTER) is package apptest.

var ctx = context.Background()
