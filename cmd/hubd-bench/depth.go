package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"time"
)

// chartDepths are the page numbers of the depth chart; those past the data are left out.
var chartDepths = []int{0, 100, 1000, 10000, 40000}

// depthPoint is the latency of one page depth, by offset and by cursor.
type depthPoint struct {
	Page     int     `json:"page"`
	OffsetMs float64 `json:"offsetP50Ms"`
	CursorMs float64 `json:"cursorP50Ms"` // 0 when no cursor could be had
	OffsetRq float64 `json:"offsetReqPerSec"`
	CursorRq float64 `json:"cursorReqPerSec"`
}

// depthWarmup is the unmeasured start of each depth load.
const depthWarmup = 500 * time.Millisecond

// measureDepth loads each depth briefly by page= and by cursor= (page N-1's nextCursor; page 0
// is page 0 for both), count=none as in (f), and keeps the p50s.
func measureDepth(ctx context.Context, o options, c *client, p params) ([]depthPoint, error) {
	var out []depthPoint
	base := url.Values{"count": {"none"}}
	for _, d := range depthsUpTo(p.DeepPage) {
		pt := depthPoint{Page: d}
		offset := hubsPath + "?" + url.Values{"count": {"none"}, "page": {fmt.Sprint(d)}}.Encode()
		r := c.load(ctx, o.depthConcurrency, depthWarmup, o.depthDuration, func(int, int) string { return offset })
		if r.Errors > 0 {
			return nil, fmt.Errorf("depth %d by offset: %d errors, first %s", d, r.Errors, r.FirstError)
		}
		pt.OffsetMs, pt.OffsetRq = r.P50ms, r.ReqPerSec
		cursorPath := hubsPath + "?" + base.Encode()
		if d > 0 {
			cur, err := cursorAt(ctx, c, base, d)
			if err != nil {
				fmt.Fprintf(os.Stderr, "  depth %d: no cursor: %v\n", d, err)
				cursorPath = ""
			} else {
				cursorPath = hubsPath + "?" + url.Values{"count": {"none"}, "cursor": {cur}}.Encode()
			}
		}
		if cursorPath != "" {
			r = c.load(ctx, o.depthConcurrency, depthWarmup, o.depthDuration, func(int, int) string { return cursorPath })
			if r.Errors > 0 {
				return nil, fmt.Errorf("depth %d by cursor: %d errors, first %s", d, r.Errors, r.FirstError)
			}
			pt.CursorMs, pt.CursorRq = r.P50ms, r.ReqPerSec
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		fmt.Fprintf(os.Stderr, "  page %d: offset p50 %.2f ms, cursor p50 %.2f ms\n", d, pt.OffsetMs, pt.CursorMs)
		out = append(out, pt)
	}
	return out, nil
}

// depthsUpTo is chartDepths up to deep, ending with deep itself.
func depthsUpTo(deep int) []int {
	var out []int
	for _, d := range chartDepths {
		if d < deep {
			out = append(out, d)
		}
	}
	return append(out, deep)
}
