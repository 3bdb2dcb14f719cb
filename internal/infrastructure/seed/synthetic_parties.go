package seed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/lib/pq"

	"github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/domain/shipper"
)

// Shape of the synthetic shippers and companies: 2 or 3 shippers and about one company per live
// hub of the run, enough for the bench's shipper search by hub name to find pages of them.
const (
	minShippersPerHub, maxShippersPerHub = 2, 3
	companyShare                         = 0.9 // live hubs with a company; the rest have none
)

// companySuffixes are the kinds of company names: a company is named after its hub (whose name
// is unique in the run) and a kind, so its name, and name key, are unique too.
var companySuffixes = []string{"상사", "물산", "유통", "Trading", "Logistics", "Supply"}

// addParties COPYs shippers and companies for the run's live hubs into shippers and companies,
// in one transaction (all or nothing), audited by ActorID, created between their hub and Now. The hubs are read on one
// connection while the COPY streams on another, so memory stays flat for a million hubs.
func addParties(ctx context.Context, db *sql.DB, o SyntheticOptions, g *generator, live int) (shippers, companies int, err error) {
	rows, err := db.QueryContext(ctx, `SELECT hub_id, hub_name, zip_code, address1, created_at FROM hubs
		WHERE NOT is_deleted AND hub_name LIKE $1`, "% "+g.token+"-%")
	if err != nil {
		return 0, 0, fmt.Errorf("seed: read the run's hubs: %w", err)
	}
	defer func() { err = errors.Join(err, rows.Close()) }()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, tx.Rollback())
		}
	}()
	rng := mrand.New(mrand.NewPCG(g.seed, 0x70617274696573)) // "parties"
	bar := newProgress(o.Progress, "synthetic shippers and companies", live)
	defer bar.finish()
	// Two COPYs cannot be open at once on one connection: the shippers go first, and the
	// companies wait in memory (one per hub, a few strings each).
	shippers, company, err := copyShippers(ctx, tx, rows, rng, o, bar)
	if err != nil {
		return 0, 0, err
	}
	if err = copyRows(ctx, tx, company, "companies", "company_id", "company_name", "name_key", "hub_id",
		"zip_code", "address1", "address2", "is_deleted", "version", "created_at", "created_by", "updated_at", "updated_by"); err != nil {
		return 0, 0, err
	}
	if err = tx.Commit(); err != nil {
		return 0, 0, fmt.Errorf("seed: commit shippers and companies: %w", err)
	}
	bar.set(live)
	if _, err = db.ExecContext(ctx, "ANALYZE shippers"); err == nil {
		_, err = db.ExecContext(ctx, "ANALYZE companies")
	}
	return shippers, len(company), err
}

// copyShippers COPYs 2 or 3 shippers for each hub of rows and returns the companies' rows.
func copyShippers(ctx context.Context, tx *sql.Tx, rows *sql.Rows, rng *mrand.Rand, o SyntheticOptions, bar *progress) (
	shippers int, company [][]any, err error) {
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn("shippers", "shipper_id", "hub_id", "shipper_type",
		"is_deleted", "version", "created_at", "created_by", "updated_at", "updated_by"))
	if err != nil {
		return 0, nil, fmt.Errorf("seed: start COPY of shippers: %w", err)
	}
	defer func() { err = errors.Join(err, stmt.Close()) }()
	actor := ActorID.String()
	for n := 0; rows.Next(); n++ {
		var hubID, hubName, zip, addr1 string
		var hubCreated time.Time
		if err = rows.Scan(&hubID, &hubName, &zip, &addr1, &hubCreated); err != nil {
			return 0, nil, err
		}
		for range minShippersPerHub + rng.IntN(maxShippersPerHub-minShippersPerHub+1) {
			// Registered some time after the hub: a search's order by time meets them spread
			// over the years, as in a table that grew, not all at one instant.
			at := between(rng, hubCreated, o.Now)
			if _, err = stmt.ExecContext(ctx, uuid.Must(uuid.NewV7()).String(), hubID,
				string(shipper.Types[rng.IntN(len(shipper.Types))]), false, 1, at, actor, at, actor); err != nil {
				return 0, nil, fmt.Errorf("seed: COPY shippers: %w", err)
			}
			shippers++
		}
		if rng.Float64() < companyShare {
			name := hubName + " " + companySuffixes[rng.IntN(len(companySuffixes))]
			line := secondLines[rng.IntN(len(secondLines))]
			at := between(rng, hubCreated, o.Now)
			company = append(company, []any{uuid.Must(uuid.NewV7()).String(), name, names.Key(name), hubID,
				zip, addr1, line[rng.IntN(2)], false, 1, at, actor, at, actor})
		}
		if n%progressEvery == 0 {
			bar.set(n)
		}
	}
	if err = rows.Err(); err == nil {
		_, err = stmt.ExecContext(ctx) // ends the COPY and collects its errors
	}
	if err != nil {
		return 0, nil, fmt.Errorf("seed: COPY shippers: %w", err)
	}
	return shippers, company, nil
}

// copyRows COPYs rows into table's columns.
func copyRows(ctx context.Context, tx *sql.Tx, rows [][]any, table string, columns ...string) (err error) {
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn(table, columns...))
	if err != nil {
		return fmt.Errorf("seed: start COPY of %s: %w", table, err)
	}
	defer func() { err = errors.Join(err, stmt.Close()) }()
	for _, r := range rows {
		if _, err = stmt.ExecContext(ctx, r...); err != nil {
			return fmt.Errorf("seed: COPY %s: %w", table, err)
		}
	}
	if _, err = stmt.ExecContext(ctx); err != nil {
		return fmt.Errorf("seed: COPY %s: %w", table, err)
	}
	return nil
}
