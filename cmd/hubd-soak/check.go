package main

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"

	"github.com/lib/pq"
)

// integrity is the check after the load that every hub the soak created is in the database,
// live, at the version of the last answer the soak got for it.
type integrity struct {
	Checked  int      `json:"checked"`
	Skipped  int      `json:"skipped"` // hubs whose last change failed: their state is unknown
	Missing  int      `json:"missing"`
	Wrong    int      `json:"wrong"` // deleted, or at another version
	Problems []string `json:"problems,omitempty"`
	CheckErr string   `json:"error,omitempty"`
}

// failures is how many errors the check adds to the run's.
func (c integrity) failures() int {
	n := c.Missing + c.Wrong
	if c.CheckErr != "" {
		n++
	}
	return n
}

// checkCreated compares the pool's knowledge with the hubs table.
func checkCreated(ctx context.Context, db *sql.DB, pool *hubPool) integrity {
	want, skipped := pool.known()
	res := integrity{Checked: len(want), Skipped: skipped}
	rows, err := db.QueryContext(ctx, "SELECT hub_id::text, version, is_deleted FROM hubs WHERE hub_id = ANY($1::uuid[])",
		pq.Array(slices.Collect(maps.Keys(want))))
	if err != nil {
		res.CheckErr = err.Error()
		return res
	}
	defer rows.Close()
	seen := map[string]bool{}
	problem := func(format string, args ...any) {
		if len(res.Problems) < maxErrorSamples {
			res.Problems = append(res.Problems, fmt.Sprintf(format, args...))
		}
	}
	for rows.Next() {
		var id string
		var version int64
		var deleted bool
		if err := rows.Scan(&id, &version, &deleted); err != nil {
			res.CheckErr = err.Error()
			return res
		}
		seen[id] = true
		if deleted || version != want[id] {
			res.Wrong++
			problem("hub %s: version %d deleted %v in the database, the last answer said version %d, live", id, version, deleted, want[id])
		}
	}
	if err := rows.Err(); err != nil {
		res.CheckErr = err.Error()
		return res
	}
	for id := range want {
		if !seen[id] {
			res.Missing++
			problem("hub %s: answered 201, not in the database", id)
		}
	}
	return res
}
