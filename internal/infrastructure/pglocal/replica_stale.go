package pglocal

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"time"
)

var walSegment = regexp.MustCompile(`^[0-9A-F]{24}$`)

// behindRecycledWAL reports whether a stopped standby needs WAL the primary no longer has. A
// restarting standby replays what its own pg_wal holds and then asks the primary to stream what
// follows; if the primary's oldest segment is further on than that, there is a gap no one can
// fill. Deciding this before the standby starts, from the two WAL directories, is what
// makes it reliable: a started standby's WAL receiver can look "streaming" for a moment before
// the primary tells it the segment is gone.
func (c cluster) behindRecycledWAL(ctx context.Context, primary *Server) (bool, error) {
	entries, err := os.ReadDir(filepath.Join(c.lay.data, "pg_wal"))
	if err != nil {
		return false, err
	}
	var local []string
	for _, e := range entries {
		if walSegment.MatchString(e.Name()) {
			local = append(local, e.Name())
		}
	}
	if len(local) == 0 {
		return false, fmt.Errorf("pglocal: the standby's pg_wal holds no segment")
	}
	db, err := sql.Open("postgres", primary.DSN("postgres"))
	if err != nil {
		return false, err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var oldest sql.NullString
	err = db.QueryRowContext(ctx, `SELECT min(name) FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{24}$'`).Scan(&oldest)
	if err != nil {
		return false, err
	}
	// Segment names order as their positions on one timeline, which is all a local pair has.
	if !oldest.Valid {
		return false, nil
	}
	// The standby may end exactly at the end of its newest segment, needing only the next one:
	// only a gap of more than one segment is certain. The edge case is still caught once the
	// standby runs (the primary's "already removed" error in its log).
	newest, first := segmentNumber(slices.Max(local)), segmentNumber(oldest.String)
	return first > newest+1, nil
}

// segmentNumber is the position of a WAL segment file (16 MB segments: 256 per "xlogid").
func segmentNumber(name string) uint64 {
	hi, _ := strconv.ParseUint(name[8:16], 16, 32)
	lo, _ := strconv.ParseUint(name[16:24], 16, 32)
	return hi*256 + lo
}
