// Package transaction is the application's unit of work: a port through which a use case runs
// the changes of several repositories (a hub's and its routes') in one transaction, so that a
// failure in any of them leaves nothing half-done. The repositories join the transaction the
// context carries; the application never sees how.
package transaction

import "context"

// Transactor runs fn in one transaction: every repository call made with the ctx fn is given
// takes part in it; it commits when fn returns nil and rolls everything back otherwise. A call
// made while ctx already carries a transaction joins it (the outermost commits).
type Transactor interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}
