package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"math"
	"net/url"
	"os"
	"strings"
	"time"
)

// chartDepths are the page numbers of the depth chart; those past the data are left out.
var chartDepths = []int{0, 100, 1000, 10000, 40000}

// depthPoint is the latency of one page depth, by offset and by cursor.
type depthPoint struct {
	Page               int
	OffsetMs           float64
	CursorMs           float64 // 0 when no cursor could be had
	OffsetRq, CursorRq float64
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
		pt, cursor := depthPoint{Page: d}, hubsPath+"?"+none.Encode()
		if d > 0 {
			cur, err := cursorAt(ctx, c, none, d)
			if cursor = hubsPath + "?" + (url.Values{"count": {"none"}, "cursor": {cur}}).Encode(); err != nil {
				fmt.Fprintf(os.Stderr, "  depth %d: no cursor: %v\n", d, err)
				cursor = ""
			}
		}
		offset := hubsPath + "?" + url.Values{"count": {"none"}, "page": {fmt.Sprint(d)}}.Encode()
		for path, into := range map[string][2]*float64{offset: {&pt.OffsetMs, &pt.OffsetRq}, cursor: {&pt.CursorMs, &pt.CursorRq}} {
			if path == "" {
				continue
			}
			r, _ := closedLoad(ctx, e, c, depthClients, depthWarmup, o.depthDuration, func(int, int) string { return path })
			if r.Errors > 0 {
				return nil, fmt.Errorf("depth %d, %s: %d errors, first %s", d, path, r.Errors, r.FirstError)
			}
			*into[0], *into[1] = r.P50ms, r.ReqPerSec
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

// Geometry of the depth chart, in SVG user units.
const (
	chartW, chartH                    = 760, 440
	padLeft, padRight, padTop, padBot = 80, 60, 56, 84
)

// depthSeries are the lines of the chart.
var depthSeries = []struct {
	name, color string
	ms          func(depthPoint) float64
}{
	{"offset (page=N)", "#d62728", func(p depthPoint) float64 { return p.OffsetMs }},
	{"cursor (cursor= from page N-1)", "#1f77b4", func(p depthPoint) float64 { return p.CursorMs }},
}

// depthSVG draws p50 latency against page depth: x is the page number on a log scale (of
// 1+page, so that page 0 has a place), y is milliseconds from zero; one line per series with a
// legend, a tick at every page. A series value of 0 (no measurement) is left out.
func depthSVG(points []depthPoint, title string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">
<rect width="100%%" height="100%%" fill="white"/><text x="%d" y="28" text-anchor="middle" font-size="16">%s</text>
<text x="%d" y="%d" text-anchor="middle">page number (20 hubs a page; log scale of 1+page)</text>
<text transform="translate(22 %d) rotate(-90)" text-anchor="middle">p50 latency (ms)</text>
`, chartW, chartH, chartW/2, esc(title), (padLeft+chartW-padRight)/2, chartH-padBot+58, (padTop+chartH-padBot)/2)
	maxPage, maxMs := 1, 0.0
	for _, p := range points {
		maxPage, maxMs = max(maxPage, p.Page), max(maxMs, p.OffsetMs, p.CursorMs)
	}
	yTop, yStep := niceScale(maxMs * 1.1)
	x := func(page int) float64 {
		return padLeft + math.Log10(1+float64(page))/math.Log10(1+float64(maxPage))*(chartW-padLeft-padRight)
	}
	y := func(v float64) float64 { return chartH - padBot - v/yTop*(chartH-padTop-padBot) }
	for v := 0.0; v <= yTop+yStep/1e6; v += yStep {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/><text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n",
			padLeft, y(v), chartW-padRight, y(v), padLeft-6, y(v)+4, trimFloat(v))
	}
	for _, p := range points {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%d</text>`+"\n", x(p.Page), chartH-padBot+20, p.Page)
	}
	for i, s := range depthSeries {
		var pts []string
		for _, p := range points {
			if v := s.ms(p); v > 0 {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(p.Page), y(v)))
			}
		}
		ly := padTop + 8 + i*18
		fmt.Fprintf(&b, `<g class="series" data-name="%s"><polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`+
			`<text x="%d" y="%d" fill="%s">%s</text></g>`+"\n", esc(s.name), s.color, strings.Join(pts, " "), padLeft+14, ly+4, s.color, esc(s.name))
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// niceScale is an axis top at or above v and a step of 1, 2 or 5 times a power of ten that
// divides it into at most five intervals.
func niceScale(v float64) (top, step float64) {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 1, 0.2
	}
	raw := v / 5
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if step = m * pow; step >= raw {
			break
		}
	}
	return math.Ceil(v/step) * step, step
}

func trimFloat(v float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
