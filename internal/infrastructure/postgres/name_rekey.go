package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/hubd/hubd/internal/domain/names"
)

// rekeyBatchSize is how many hubs one re-key transaction reads.
// The re-key is a step of the schema's migration (0013's name_key, rewritten by hubd's own
// key), so it lives with the migrations and knows the hubs table by its SQL alone: a key that a
// live hub holds already is refused by the live-name index, which it tells by name.
var (
	errKeyTaken = errors.New("name key held by another live hub")
	rekeyErrors = ErrorMap{Constraints: map[string]error{"hubs_live_name_key": errKeyTaken}}
)

const rekeyBatchSize = 1000

// NameKeyConflict is a live hub whose name has, under the current key, the key of another live
// hub's name (say "서울특별시  센터" beside "서울특별시 센터", both stored before names were
// compared by that key). The re-key step leaves it with its old key, so both hubs stay as they
// were, and reports it: one of the two has to be renamed or deleted. Until then the hub can be
// changed as usual: HubRepository.Update writes name_key only when a change gives the name
// another key, so a change of its address keeps its old key.
type NameKeyConflict struct {
	HubID      uuid.UUID
	HubName    string
	Key        string // the key it should have
	HolderID   uuid.UUID
	HolderName string
}

// RekeyReport is what RekeyHubNames found and did.
type RekeyReport struct {
	// UpToDate: the keys were all computed under names.Version already; nothing was read.
	UpToDate bool
	// Waited: another process was re-keying (it held rekeyLock); this run waited for it to
	// finish and left the work, and the reporting of any conflict, to it.
	Waited    bool
	Scanned   int // hubs read
	Rewritten int // hubs whose stored key changed
	Conflicts []NameKeyConflict
}

// keyedRow is a hub as the re-key step sees it.
type keyedRow struct {
	ID     uuid.UUID `db:"hub_id"`
	Name   string    `db:"hub_name"`
	Key    string    `db:"name_key"`
	newKey string
}

// RekeyHubNames brings every hub's stored name_key to names.Key(hub_name), the key this hubd
// compares names with, and records names.Version in name_key_versions when every key is. It is
// what the schema migration cannot do in SQL, so Migrator.Up runs it after the migrations.
//
// It is idempotent, runs one at a time per database (rekeyLock), and is safe beside a running
// service: it reads the hubs in batches by id, and
// rewrites each batch's changed keys in one transaction, each only if the name is still the one
// it read (a concurrent rename has written the right key already). A key that another live hub
// holds is not forced: that hub keeps its old key and is reported in Conflicts, the rest goes
// on, and the version is not recorded, so the next run (the next start) tries again and reports
// again until someone resolves it. A batch that fails for another reason stops the run with an
// error, leaving the batches before it done and the version unrecorded.
func RekeyHubNames(ctx context.Context, db *sqlx.DB) (RekeyReport, error) {
	return rekeyHubNames(ctx, db, rekeyBatchSize)
}

// rekeyLock is the session advisory lock key ("hubrkey" in ASCII; advisory locks are per
// database) that a re-key run holds from start to end. golang-migrate's own lock is released when
// its Up returns, before the re-key starts, so without this two hubd processes starting together
// would re-key the same rows at once and both log every conflict.
const rekeyLock = 0x687562726b6579

// rekeyHubNames is RekeyHubNames reading batchSize hubs a batch. It holds rekeyLock on a
// connection of db's own for the whole run (so db must allow two connections). When another
// process holds the lock, it waits until that run ends and then returns Waited without doing
// anything: that run has just done the work and reported what it could not do.
func rekeyHubNames(ctx context.Context, db *sqlx.DB, batchSize int) (rep RekeyReport, err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return rep, fmt.Errorf("connect for the re-key lock: %w", rekeyErrors.Map(err))
	}
	defer func() { err = errors.Join(err, releaseRekeyLock(conn)) }()
	var locked bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", rekeyLock).Scan(&locked); err != nil {
		return rep, fmt.Errorf("take the re-key lock: %w", rekeyErrors.Map(err))
	}
	if !locked {
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", rekeyLock); err != nil {
			return rep, fmt.Errorf("wait for the re-key lock: %w", rekeyErrors.Map(err))
		}
		rep.Waited = true
		return rep, nil
	}
	return rekeyLocked(ctx, db, batchSize)
}

// releaseRekeyLock unlocks rekeyLock (taken or waited for) and gives conn back to the pool. When
// the unlock fails, the connection is discarded instead, which ends its session and so the lock:
// a pooled connection must not keep holding it.
func releaseRekeyLock(conn *sql.Conn) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_unlock_all()"); err != nil {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		return errors.Join(fmt.Errorf("release the re-key lock: %w", rekeyErrors.Map(err)), conn.Close())
	}
	return conn.Close()
}

// rekeyLocked is the re-key run itself, under rekeyLock.
func rekeyLocked(ctx context.Context, db *sqlx.DB, batchSize int) (RekeyReport, error) {
	var rep RekeyReport
	var recorded string
	err := db.GetContext(ctx, &recorded, `SELECT version FROM name_key_versions WHERE table_name = 'hubs'`)
	if err == nil && recorded == names.Version {
		rep.UpToDate = true
		return rep, nil
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return rep, fmt.Errorf("read the name key version: %w", rekeyErrors.Map(err))
	}
	var refused []keyedRow
	for after := uuid.Nil; ; {
		var rows []keyedRow
		if err := db.SelectContext(ctx, &rows, `SELECT hub_id, hub_name, name_key FROM hubs
			WHERE hub_id > $1 ORDER BY hub_id LIMIT $2`, after, batchSize); err != nil {
			return rep, fmt.Errorf("read hubs to re-key: %w", rekeyErrors.Map(err))
		}
		if len(rows) == 0 {
			break
		}
		rep.Scanned += len(rows)
		after = rows[len(rows)-1].ID
		var changed []keyedRow
		for _, r := range rows {
			if k := names.Key(r.Name); k != r.Key {
				r.newKey = k
				changed = append(changed, r)
			}
		}
		n, taken, err := rekeyBatch(ctx, db, changed)
		if err != nil {
			return rep, err
		}
		rep.Rewritten += n
		refused = append(refused, taken...)
	}
	// A key refused because another hub still held it under its old key may be free now that
	// that hub has moved on: retry until a round changes nothing.
	for len(refused) > 0 {
		n, taken, err := rekeyBatch(ctx, db, refused)
		if err != nil {
			return rep, err
		}
		rep.Rewritten += n
		refused = taken
		if n == 0 {
			break
		}
	}
	for _, r := range refused {
		c := NameKeyConflict{HubID: r.ID, HubName: r.Name, Key: r.newKey}
		var holder keyedRow
		err := db.GetContext(ctx, &holder, `SELECT hub_id, hub_name, name_key FROM hubs
			WHERE name_key = $1 AND NOT is_deleted`, r.newKey)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return rep, fmt.Errorf("find the hub holding the key of hub %s: %w", r.ID, rekeyErrors.Map(err))
		}
		c.HolderID, c.HolderName = holder.ID, holder.Name
		rep.Conflicts = append(rep.Conflicts, c)
	}
	if len(rep.Conflicts) > 0 {
		return rep, nil
	}
	_, err = db.ExecContext(ctx, `INSERT INTO name_key_versions (table_name, version, rekeyed_at)
		VALUES ('hubs', $1, now())
		ON CONFLICT (table_name) DO UPDATE SET version = EXCLUDED.version, rekeyed_at = EXCLUDED.rekeyed_at`, names.Version)
	if err != nil {
		return rep, fmt.Errorf("record the name key version: %w", rekeyErrors.Map(err))
	}
	return rep, nil
}

// rekeyBatch writes the new keys of rows in one transaction and returns how many it wrote and
// the rows whose key a live hub holds, which keep their old one. The whole batch goes in one
// statement; only when that statement meets a taken key is the batch written row by row, each
// under a savepoint, to tell the refused rows from the others.
func rekeyBatch(ctx context.Context, db *sqlx.DB, rows []keyedRow) (rewritten int, taken []keyedRow, err error) {
	if len(rows) == 0 {
		return 0, nil, nil
	}
	err = inTx(ctx, db, func(tx *sqlx.Tx) error {
		rewritten, taken = 0, nil
		ids, nms, keys := make([]string, len(rows)), make([]string, len(rows)), make([]string, len(rows))
		lo, hi := rows[0].ID.String(), rows[0].ID.String()
		for i, r := range rows {
			ids[i], nms[i], keys[i] = r.ID.String(), r.Name, r.newKey
			lo, hi = min(lo, ids[i]), max(hi, ids[i])
		}
		// The id range lets the join read the batch's rows through the primary key instead of
		// hashing the whole table for every batch.
		n, err := savepointed(ctx, tx, `UPDATE hubs h SET name_key = v.key
			FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, name, key)
			WHERE h.hub_id = v.id AND h.hub_name = v.name AND h.hub_id BETWEEN $4 AND $5`,
			pq.Array(ids), pq.Array(nms), pq.Array(keys), lo, hi)
		if !errors.Is(err, errKeyTaken) {
			rewritten = n
			return err
		}
		for _, r := range rows {
			n, err := savepointed(ctx, tx, `UPDATE hubs SET name_key = $3 WHERE hub_id = $1 AND hub_name = $2`,
				r.ID, r.Name, r.newKey)
			switch {
			case errors.Is(err, errKeyTaken):
				taken = append(taken, r)
			case err != nil:
				return err
			}
			rewritten += n
		}
		return nil
	})
	if err != nil {
		return 0, nil, fmt.Errorf("re-key hub names: %w", err)
	}
	return rewritten, taken, nil
}

// savepointed runs one statement under a savepoint and rolls back to it when the statement
// fails, so the transaction goes on; it returns the rows affected, and the error mapped.
func savepointed(ctx context.Context, tx *sqlx.Tx, query string, args ...any) (int, error) {
	if _, err := tx.ExecContext(ctx, "SAVEPOINT rekey"); err != nil {
		return 0, rekeyErrors.Map(err)
	}
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		if _, rbErr := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT rekey"); rbErr != nil {
			return 0, errors.Join(rekeyErrors.Map(err), rekeyErrors.Map(rbErr))
		}
		return 0, rekeyErrors.Map(err)
	}
	if _, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT rekey"); err != nil {
		return 0, rekeyErrors.Map(err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
