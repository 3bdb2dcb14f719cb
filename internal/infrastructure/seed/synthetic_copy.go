package seed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"github.com/lib/pq"
)

// loader hands the batches of one Synthetic run to its workers and adds up what they commit.
type loader struct {
	gen       *generator
	n         int
	batchSize int
	bar       *progress

	mu        sync.Mutex
	nextBatch int   // first row of the next batch to hand out
	sent      int   // rows sent to the server, committed or not, for the progress bar
	added     int   // rows committed
	deleted   int   // of which deleted
	err       error // the first failure; the others' cancellations are its consequence
}

// progressEvery is how many rows pass between two progress updates within a batch.
const progressEvery = 2048

// run loads every batch over workers connections, or stops them all at the first failure.
func (l *loader) run(ctx context.Context, db *sql.DB, workers int) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			if err := l.work(ctx, db); err != nil {
				l.fail(err)
				cancel()
			}
		})
	}
	wg.Wait()
	return l.err
}

func (l *loader) fail(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err == nil {
		l.err = err
	}
}

// work loads batches on a connection of its own until none is left or ctx ends.
func (l *loader) work(ctx context.Context, db *sql.DB) (err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("seed: connect: %w", err)
	}
	defer func() { err = errors.Join(err, conn.Close()) }()
	for {
		first, size := l.take()
		if size == 0 {
			return nil
		}
		deleted, err := l.copyBatch(ctx, conn, l.gen.batch(first), size)
		if err != nil {
			return fmt.Errorf("seed: synthetic hubs %d to %d: %w", first+1, first+size, err)
		}
		l.mu.Lock()
		l.added += size
		l.deleted += deleted
		l.mu.Unlock()
	}
}

// take hands out the next batch: its first row and its size, 0 when none is left.
func (l *loader) take() (first, size int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	first = l.nextBatch
	size = min(l.batchSize, l.n-first)
	l.nextBatch += size
	return first, size
}

// sentMore moves the progress bar by rows. The bar is drawn under the lock: it is not safe for
// concurrent use, and a draw is rare and short.
func (l *loader) sentMore(rows int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sent += rows
	l.bar.set(l.sent)
}

// copyBatch streams size rows from gen in a transaction of its own and commits them, or rolls
// all of them back.
//
// ctx is checked between rows rather than handed to database/sql: on cancellation database/sql
// would roll the transaction back from another goroutine while lib/pq's COPY is still open on
// the connection, which lib/pq does not support. Stopping between rows ends the COPY first
// (stmt.Close), then rolls back, in that order.
func (l *loader) copyBatch(ctx context.Context, conn *sql.Conn, gen *batchGen, size int) (deleted int, err error) {
	txCtx := context.WithoutCancel(ctx)
	tx, err := conn.BeginTx(txCtx, nil)
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, tx.Rollback())
		}
	}()
	stmt, err := tx.PrepareContext(txCtx, pq.CopyIn("hubs", syntheticColumns...))
	if err != nil {
		return 0, fmt.Errorf("start COPY: %w", err)
	}
	defer func() { err = errors.Join(err, stmt.Close()) }() // before the rollback: it ends the COPY, which the rollback needs
	var (
		row    syntheticRow
		vals   = make([]any, 0, len(syntheticColumns))
		unsent int // rows sent since the last progress update
	)
	for range size {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		gen.row(&row)
		if row.deleted {
			deleted++
		}
		// lib/pq sends rows as its buffer fills and reports the server's errors on later calls.
		if _, err := stmt.ExecContext(txCtx, row.appendValues(vals[:0])...); err != nil {
			return 0, fmt.Errorf("COPY: %w", err)
		}
		if unsent++; unsent == progressEvery {
			l.sentMore(unsent)
			unsent = 0
		}
	}
	if _, err := stmt.ExecContext(txCtx); err != nil { // ends the COPY and collects its errors
		return 0, fmt.Errorf("COPY: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit: %w", err)
	}
	l.sentMore(unsent)
	return deleted, nil
}
