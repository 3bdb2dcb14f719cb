package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"slices"
	"time"
)

// depthPoint is the p50 latency of one page depth by offset and by cursor (0: no cursor).
type depthPoint struct {
	Page               int
	OffsetMs, CursorMs float64
}

// Each depth is loaded by depthClients after depthWarmup unmeasured.
const depthClients, depthWarmup = 4, 500 * time.Millisecond

// measureDepth loads each depth briefly by page= and by cursor= (page N-1's nextCursor; page 0
// is page 0 for both), count=none as in (f), and keeps the p50s.
func measureDepth(ctx context.Context, o options, e *env, c *client, p params) ([]depthPoint, error) {
	var out []depthPoint
	none := url.Values{"count": {"none"}}
	for _, d := range depthsUpTo(p.DeepPage) {
		pt, cursor := depthPoint{Page: d}, fixed(none)
		if d > 0 {
			cur, err := cursorAt(ctx, c, none, d)
			if cursor = fixed(url.Values{"count": {"none"}, "cursor": {cur}}); err != nil {
				fmt.Fprintf(os.Stderr, "  depth %d: no cursor: %v\n", d, err)
				cursor = nil
			}
		}
		for _, by := range []struct {
			next func(int, int) string
			p50  *float64
		}{{fixed(url.Values{"count": {"none"}, "page": {fmt.Sprint(d)}}), &pt.OffsetMs}, {cursor, &pt.CursorMs}} {
			if by.next != nil {
				r, _ := closedLoad(ctx, e, c, depthClients, depthWarmup, o.DepthDuration, by.next)
				if r.Errors > 0 {
					return nil, fmt.Errorf("depth %d, %s: %d errors, first %s", d, by.next(0, 0), r.Errors, r.FirstError)
				}
				*by.p50 = r.P50ms
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		fmt.Fprintf(os.Stderr, "  page %d: offset p50 %.2f ms, cursor p50 %.2f ms\n", d, pt.OffsetMs, pt.CursorMs)
		out = append(out, pt)
	}
	return out, nil
}

// depthsUpTo is the chart's pages below deep, then deep itself.
func depthsUpTo(deep int) []int {
	return append(slices.DeleteFunc([]int{0, 100, 1000, 10000, 40000}, func(d int) bool { return d >= deep }), deep)
}
