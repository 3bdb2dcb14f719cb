package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"math"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"
)

// depthPoint is the p50 latency and throughput of one page depth, by offset and by cursor
// (CursorMs 0 when no cursor could be had).
type depthPoint struct {
	Page                                   int
	OffsetMs, CursorMs, OffsetRq, CursorRq float64
}

// Each point of the depth chart is loaded by depthClients after depthWarmup unmeasured.
const (
	depthClients = 4
	depthWarmup  = 500 * time.Millisecond
)

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
			next        func(int, int) string
			p50, perSec *float64
		}{{fixed(url.Values{"count": {"none"}, "page": {fmt.Sprint(d)}}), &pt.OffsetMs, &pt.OffsetRq}, {cursor, &pt.CursorMs, &pt.CursorRq}} {
			if by.next != nil {
				r, _ := closedLoad(ctx, e, c, depthClients, depthWarmup, o.DepthDuration, by.next)
				if r.Errors > 0 {
					return nil, fmt.Errorf("depth %d, %s: %d errors, first %s", d, by.next(0, 0), r.Errors, r.FirstError)
				}
				*by.p50, *by.perSec = r.P50ms, r.ReqPerSec
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

// depthSVG draws p50 latency against page depth: x is the page number on a log scale (of
// 1+page, so that page 0 has a place), y is milliseconds from zero with five grid lines; one
// line per series, named in a legend. A series value of 0 (no measurement) is left out.
func depthSVG(points []depthPoint, title string) []byte {
	const w, h, left, right, top, bottom = 760, 440, 80, 60, 56, 84
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">
<rect width="100%%" height="100%%" fill="white"/><text x="%d" y="28" text-anchor="middle" font-size="16">%s</text>
<text x="%d" y="%d" text-anchor="middle">page number (20 hubs a page; log scale of 1+page)</text>
<text transform="translate(22 %d) rotate(-90)" text-anchor="middle">p50 latency (ms)</text>
`, w, h, w/2, esc(title), (left+w-right)/2, h-bottom+58, (top+h-bottom)/2)
	maxPage, maxMs := 1, 0.0
	for _, p := range points {
		maxPage, maxMs = max(maxPage, p.Page), max(maxMs, p.OffsetMs, p.CursorMs)
	}
	x := func(page int) float64 {
		return left + math.Log10(1+float64(page))/math.Log10(1+float64(maxPage))*(w-left-right)
	}
	y := func(v float64) float64 { return h - bottom - v/(maxMs*1.1)*(h-top-bottom) }
	for i := range 6 {
		v := maxMs * 1.1 * float64(i) / 5
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/><text x="%d" y="%.1f" text-anchor="end">%.3g</text>`+"\n",
			left, y(v), w-right, y(v), left-6, y(v)+4, v)
	}
	for _, p := range points {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%d</text>`+"\n", x(p.Page), h-bottom+20, p.Page)
	}
	for i, s := range []struct {
		name, color string
		ms          func(depthPoint) float64
	}{
		{"offset (page=N)", "#d62728", func(p depthPoint) float64 { return p.OffsetMs }},
		{"cursor (cursor= from page N-1)", "#1f77b4", func(p depthPoint) float64 { return p.CursorMs }},
	} {
		var pts []string
		for _, p := range points {
			if v := s.ms(p); v > 0 {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(p.Page), y(v)))
			}
		}
		fmt.Fprintf(&b, `<g class="series" data-name="%s"><polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`+
			`<text x="%d" y="%d" fill="%s">%s</text></g>`+"\n", esc(s.name), s.color, strings.Join(pts, " "), left+14, top+12+i*18, s.color, esc(s.name))
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
