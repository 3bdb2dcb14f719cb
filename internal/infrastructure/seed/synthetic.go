package seed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"
)

// Defaults of SyntheticOptions.
const (
	DefaultSyntheticManagers     = 5000
	DefaultSyntheticDeletedRatio = 0.10
	DefaultSyntheticBatchSize    = 50_000
	DefaultSyntheticWorkers      = 2
)

// SyntheticOptions tune Synthetic. The zero value asks for the defaults.
type SyntheticOptions struct {
	// Seed fixes everything about the hubs but their ids and the run token in their names
	// (given the same BatchSize and Now).
	Seed int64
	// Progress receives a progress bar (redrawn in place on a terminal, a line every 10%
	// otherwise); nil shows none.
	Progress io.Writer
	// Managers is the size of the pool of manager ids that about 95% of the hubs draw from:
	// 0 means DefaultSyntheticManagers, a negative number no managers at all.
	Managers int
	// DeletedRatio is the share of hubs that are (soft-)deleted: 0 means
	// DefaultSyntheticDeletedRatio, a negative number none; at most 1.
	DeletedRatio float64
	// Now is the end of the three years the hubs were created, changed and deleted in; the zero
	// time means time.Now().
	Now time.Time
	// BatchSize is the number of rows per transaction: 0 means DefaultSyntheticBatchSize.
	BatchSize int
	// Workers is the number of connections loading batches side by side: 0 means
	// DefaultSyntheticWorkers. The server's index maintenance is the bottleneck, and two
	// backends keep two cores busy where one leaves the second idle.
	Workers int
	// RoutesPerHub, when above 0, also links the run's live hubs into one connected network of
	// routes, each hub to about that many of its nearest neighbours (see linkRoutes).
	RoutesPerHub int
}

// SyntheticResult is what a Synthetic run committed.
type SyntheticResult struct {
	Added     int           // rows committed
	Deleted   int           // of which soft-deleted
	Shippers  int           // shippers added, 2 or 3 per live hub of the run
	Companies int           // companies added, about one per live hub of the run
	Routes    int           // routes added (RoutesPerHub), both directions counted
	RunToken  string        // the tag in every name of this run ("서울 강남 센터 k3f9x-000123")
	Elapsed   time.Duration // loading and ANALYZE
}

func (o SyntheticOptions) normalized() (SyntheticOptions, error) {
	switch {
	case o.Managers == 0:
		o.Managers = DefaultSyntheticManagers
	case o.Managers < 0:
		o.Managers = 0
	}
	switch {
	case o.DeletedRatio == 0:
		o.DeletedRatio = DefaultSyntheticDeletedRatio
	case o.DeletedRatio < 0:
		o.DeletedRatio = 0
	case o.DeletedRatio > 1 || o.DeletedRatio != o.DeletedRatio: // NaN
		return o, fmt.Errorf("seed: deleted ratio %v is not between 0 and 1", o.DeletedRatio)
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	o.Now = o.Now.UTC().Truncate(time.Microsecond)
	if o.BatchSize == 0 {
		o.BatchSize = DefaultSyntheticBatchSize
	}
	if o.Workers == 0 {
		o.Workers = DefaultSyntheticWorkers
	}
	if o.BatchSize < 0 || o.Workers < 0 || o.RoutesPerHub < 0 {
		return o, fmt.Errorf("seed: batch size %d, workers %d or routes per hub %d is negative", o.BatchSize, o.Workers, o.RoutesPerHub)
	}
	return o, nil
}

// Synthetic adds n generated hubs to the hubs table, for benchmarks and load tests: Korean
// (about 70%) and Latin names, addresses, zip codes and locations inside South Korea, managers
// from a pool, a share soft-deleted, created, changed and deleted by a few actors over the past
// three years. Every row satisfies the domain's rules (hub.UnmarshalFromDatabase accepts it) and
// every name carries the run's random token and a running number, so names never collide with
// each other, with earlier runs or, in practice, with hubs people created.
//
// Rows bypass the application (it would take an hour for a million): they are streamed with
// COPY in batches of BatchSize rows, each batch a transaction of its own, over Workers
// connections. A failure or a cancelled ctx stops every worker and rolls back each batch in
// flight; the batches committed before stay, and the result counts them (with more than one
// worker they need not be the first rows of the run). At the end the table is ANALYZEd, so the
// planner sees the new rows before the first search. Then 2 or 3 shippers and about one company
// per live hub of the run follow, in one transaction of their own (see addParties), and, with
// RoutesPerHub, the routes, in another.
func Synthetic(ctx context.Context, db *sql.DB, n int, opts SyntheticOptions) (res SyntheticResult, err error) {
	if db == nil {
		return res, errors.New("seed: Synthetic needs a database")
	}
	if n < 1 {
		return res, fmt.Errorf("seed: cannot add %d synthetic hubs, need at least 1", n)
	}
	o, err := opts.normalized()
	if err != nil {
		return res, err
	}
	if res.RunToken, err = newRunToken(); err != nil {
		return res, fmt.Errorf("seed: run token: %w", err)
	}
	began := time.Now()
	bar := newProgress(o.Progress, "synthetic hubs", n)
	defer func() {
		bar.finish()
		res.Elapsed = time.Since(began)
	}()
	g := newGenerator(o, n, res.RunToken)
	l := &loader{gen: g, n: n, batchSize: o.BatchSize, bar: bar}
	err = l.run(ctx, db, min(o.Workers, (n+o.BatchSize-1)/o.BatchSize))
	res.Added, res.Deleted = l.added, l.deleted
	if err != nil {
		return res, err
	}
	if _, err := db.ExecContext(ctx, "ANALYZE hubs"); err != nil {
		return res, fmt.Errorf("seed: analyze hubs: %w", err)
	}
	if res.Shippers, res.Companies, err = addParties(ctx, db, o, g, res.Added-res.Deleted); err != nil {
		return res, err
	}
	if o.RoutesPerHub > 0 {
		res.Routes, err = linkRoutes(ctx, db, o, g)
	}
	return res, err
}
