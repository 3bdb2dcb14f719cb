package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/hubd/hubd/internal/devtools/harness"
)

// How much of the seeded data the requests draw on.
const (
	sampledIDs      = 2000
	sampledNames    = 300
	sampledManagers = 300
	pageSize        = 20 // the service's default size
)

// pickData reads request parameters from the seeded database (before the load, so it adds
// nothing to it): live ids, names to cut prefixes and substrings from, managers, page counts.
func pickData(ctx context.Context, db *sql.DB, r *rand.Rand) (*data, error) {
	d := &data{}
	var live, deleted int
	if err := db.QueryRowContext(ctx,
		"SELECT count(*) FILTER (WHERE NOT is_deleted), count(*) FILTER (WHERE is_deleted) FROM hubs").
		Scan(&live, &deleted); err != nil {
		return nil, fmt.Errorf("count hubs: %w", err)
	}
	if live < pageSize*2 {
		return nil, fmt.Errorf("only %d live hubs", live)
	}
	d.livePages, d.deletedPages = (live+pageSize-1)/pageSize, (deleted+pageSize-1)/pageSize
	var err error
	if d.liveIDs, err = harness.QueryStrings(ctx, db,
		"SELECT hub_id::text FROM hubs WHERE NOT is_deleted ORDER BY random() LIMIT $1", sampledIDs); err != nil {
		return nil, fmt.Errorf("sample ids: %w", err)
	}
	names, err := harness.QueryStrings(ctx, db,
		"SELECT hub_name FROM hubs WHERE NOT is_deleted ORDER BY random() LIMIT $1", sampledNames)
	if err != nil {
		return nil, fmt.Errorf("sample names: %w", err)
	}
	d.prefixes, d.texts = cutNames(r, names)
	if d.managers, err = harness.QueryStrings(ctx, db, `SELECT m FROM (SELECT DISTINCT hub_manager_id::text AS m
		FROM hubs WHERE NOT is_deleted AND hub_manager_id IS NOT NULL) ms ORDER BY random() LIMIT $1`, sampledManagers); err != nil {
		return nil, fmt.Errorf("sample managers: %w", err)
	}
	if len(d.prefixes) == 0 || len(d.texts) == 0 || len(d.managers) == 0 {
		return nil, fmt.Errorf("no names or managers to search for (%d prefixes, %d substrings, %d managers)",
			len(d.prefixes), len(d.texts), len(d.managers))
	}
	return d, nil
}

// cutNames makes search terms from names: prefixes of 1 to 3 characters (as a person starts
// typing; never ending on a space) and 3-character substrings without spaces (what q's
// trigram index serves), each list without duplicates.
func cutNames(r *rand.Rand, names []string) (prefixes, texts []string) {
	for i, name := range names {
		runes := []rune(name)
		if n := min(1+i%3, len(runes)); n > 0 {
			if p := strings.TrimRight(string(runes[:n]), " "); p != "" && !slices.Contains(prefixes, p) {
				prefixes = append(prefixes, p)
			}
		}
		if len(runes) >= 3 {
			at := r.IntN(len(runes) - 2)
			if t := string(runes[at : at+3]); !strings.Contains(t, " ") && !slices.Contains(texts, t) {
				texts = append(texts, t)
			}
		}
	}
	return prefixes, texts
}
