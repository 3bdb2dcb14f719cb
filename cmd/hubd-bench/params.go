package main

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/hubd/hubd/internal/devtools/harness"
	"github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/domain/paging"
)

// Bounds of a "moderate" name prefix: enough matches that page 0 is full and needs a count,
// few enough to be something a person types to narrow a list.
const (
	prefixMinMatches = paging.DefaultSize + 1
	prefixMaxMatches = 5000
	sampledHubIDs    = 1000
)

// params are the realistic request parameters picked from the loaded data.
type params struct {
	HubIDs        []string `json:"-"`
	SampledHubIDs int      `json:"sampledHubIds"` // (a) cycles through this many live hubs
	NamePrefix    string   `json:"namePrefix"`
	PrefixMatches int64    `json:"prefixMatches"`
	ManagerID     string   `json:"managerId"`
	ManagerHubs   int64    `json:"managerHubs"`
	Managers      int      `json:"managers"`
	LiveHubs      int64    `json:"liveHubs"`
	DeepPage      int      `json:"deepPage"` // the page of (f): -deep-page, or less when the data ends before it
}

// pickParams chooses: random live hub ids for (a); for (b) the shortest prefix (two characters
// at least) of a live name that matches at most prefixMaxMatches live hubs; for (c) the manager
// with the median number of live hubs; and the depth of (f), capped so that the page exists.
func pickParams(ctx context.Context, db *sql.DB, o options) (params, error) {
	var p params
	conn, err := db.Conn(ctx)
	if err != nil {
		return p, err
	}
	defer conn.Close()
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM hubs WHERE NOT is_deleted").Scan(&p.LiveHubs); err != nil {
		return p, fmt.Errorf("count live hubs: %w", err)
	}
	if p.LiveHubs <= int64(paging.DefaultSize) {
		return p, fmt.Errorf("only %d live hubs", p.LiveHubs)
	}
	// The last page with a full page after it: deep enough to matter, and as full as page 0.
	p.DeepPage = int(max(1, min(int64(o.deepPage), (p.LiveHubs-1)/int64(paging.DefaultSize)-1)))
	if p.HubIDs, err = harness.QueryStrings(ctx, conn,
		"SELECT hub_id::text FROM hubs WHERE NOT is_deleted ORDER BY random() LIMIT $1", sampledHubIDs); err != nil {
		return p, fmt.Errorf("sample hub ids: %w", err)
	}
	p.SampledHubIDs = len(p.HubIDs)
	if p.NamePrefix, p.PrefixMatches, err = pickPrefix(ctx, conn, p.LiveHubs); err != nil {
		return p, err
	}
	if p.ManagerID, p.ManagerHubs, p.Managers, err = pickManager(ctx, conn); err != nil {
		return p, err
	}
	return p, nil
}

// pickPrefix starts from the live name 37% of the way through name order: the seed generates
// the same names in every run (but for a run token at their end), whatever order COPY stored
// them in, so runs with the same -hubs search the same prefix.
func pickPrefix(ctx context.Context, conn *sql.Conn, live int64) (string, int64, error) {
	var name string
	if err := conn.QueryRowContext(ctx,
		"SELECT hub_name FROM hubs WHERE NOT is_deleted ORDER BY name_key LIMIT 1 OFFSET $1", live*37/100).Scan(&name); err != nil {
		return "", 0, fmt.Errorf("pick a name: %w", err)
	}
	runes := []rune(name)
	best, bestN := "", int64(0)
	for l := 2; l <= len(runes); l++ {
		prefix := string(runes[:l])
		if strings.HasSuffix(prefix, " ") {
			continue // nobody stops typing on a space
		}
		var n int64
		err := conn.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM hubs
			WHERE NOT is_deleted AND name_key LIKE $1 LIMIT $2) capped`,
			likeEscape(names.Fragment(prefix))+"%", prefixMaxMatches*100).Scan(&n) // the search's own match
		if err != nil {
			return "", 0, fmt.Errorf("count prefix %q: %w", prefix, err)
		}
		if n < prefixMinMatches && best != "" {
			break
		}
		best, bestN = prefix, n
		if n <= prefixMaxMatches {
			break
		}
	}
	return best, bestN, nil
}

func pickManager(ctx context.Context, conn *sql.Conn) (id string, hubs int64, managers int, err error) {
	rows, err := conn.QueryContext(ctx, `SELECT hub_manager_id::text, count(*) FROM hubs
		WHERE NOT is_deleted AND hub_manager_id IS NOT NULL GROUP BY 1`)
	if err != nil {
		return "", 0, 0, fmt.Errorf("managers: %w", err)
	}
	defer rows.Close()
	type mgr struct {
		id string
		n  int64
	}
	var all []mgr
	for rows.Next() {
		var m mgr
		if err := rows.Scan(&m.id, &m.n); err != nil {
			return "", 0, 0, err
		}
		all = append(all, m)
	}
	if err := rows.Err(); err != nil {
		return "", 0, 0, err
	}
	if len(all) == 0 {
		return "", 0, 0, fmt.Errorf("no hub has a manager")
	}
	slices.SortFunc(all, func(a, b mgr) int {
		if a.n != b.n {
			return int(a.n - b.n)
		}
		return strings.Compare(a.id, b.id)
	})
	m := all[len(all)/2]
	return m.id, m.n, len(all), nil
}

// likeEscape makes \, % and _ literal in a LIKE pattern, as the service does.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
