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
func measureDepth(ctx context.Context, o options, e *env, c *client, p params) ([]depthPoint, error) {
	var out []depthPoint
	none := url.Values{"count": {"none"}}
	for _, d := range depthsUpTo(p.DeepPage) {
		pt := depthPoint{Page: d}
		paths := map[string]string{"offset": hubsPath + "?" + url.Values{"count": {"none"}, "page": {fmt.Sprint(d)}}.Encode(),
			"cursor": hubsPath + "?" + none.Encode()}
		if d > 0 {
			if cur, err := cursorAt(ctx, c, none, d); err != nil {
				fmt.Fprintf(os.Stderr, "  depth %d: no cursor: %v\n", d, err)
				delete(paths, "cursor")
			} else {
				paths["cursor"] = hubsPath + "?" + url.Values{"count": {"none"}, "cursor": {cur}}.Encode()
			}
		}
		for _, by := range []string{"offset", "cursor"} {
			path, ok := paths[by]
			if !ok {
				continue
			}
			r, _ := closedLoad(ctx, e, c, o.depthClients, depthWarmup, o.depthDuration, func(int, int) string { return path })
			if r.Errors > 0 {
				return nil, fmt.Errorf("depth %d by %s: %d errors, first %s", d, by, r.Errors, r.FirstError)
			}
			if by == "offset" {
				pt.OffsetMs, pt.OffsetRq = r.P50ms, r.ReqPerSec
			} else {
				pt.CursorMs, pt.CursorRq = r.P50ms, r.ReqPerSec
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

// depthSeries are the lines of the chart; labelY puts a point's value above or below it.
var depthSeries = []struct {
	name, color string
	labelY      float64
	ms          func(depthPoint) float64
}{
	{"offset (page=N)", "#d62728", -8, func(p depthPoint) float64 { return p.OffsetMs }},
	{"cursor (cursor= from page N-1)", "#1f77b4", 15, func(p depthPoint) float64 { return p.CursorMs }},
}

// depthSVG draws p50 latency against page depth: x is the page number on a log scale (of
// 1+page, so that page 0 has a place), y is milliseconds from zero; one line per series, a
// dot and its value at every point, and a legend. A series value of 0 (no measurement) is
// left out.
func depthSVG(points []depthPoint, title string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">
<rect width="100%%" height="100%%" fill="white"/>
<text x="%d" y="28" text-anchor="middle" font-size="16">%s</text>
`, chartW, chartH, chartW, chartH, chartW/2, esc(title))
	maxPage, maxMs := 1, 0.0
	for _, p := range points {
		maxPage = max(maxPage, p.Page)
		for _, s := range depthSeries {
			maxMs = max(maxMs, s.ms(p))
		}
	}
	yTop, yStep := niceScale(maxMs * 1.1)
	x := func(page int) float64 {
		return padLeft + math.Log10(1+float64(page))/math.Log10(1+float64(maxPage))*(chartW-padLeft-padRight)
	}
	y := func(v float64) float64 { return chartH - padBot - v/yTop*(chartH-padTop-padBot) }

	// Axes, grid and ticks.
	fmt.Fprintf(&b, `<g stroke="#888" fill="none"><line x1="%d" y1="%d" x2="%d" y2="%d"/><line x1="%d" y1="%d" x2="%d" y2="%d"/></g>`+"\n",
		padLeft, chartH-padBot, chartW-padRight, chartH-padBot, padLeft, padTop, padLeft, chartH-padBot)
	for v := 0.0; v <= yTop+yStep/1e6; v += yStep {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#eee"/><text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n",
			padLeft, y(v), chartW-padRight, y(v), padLeft-6, y(v)+4, trimFloat(v))
	}
	for _, p := range points {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#888"/><text x="%.1f" y="%d" text-anchor="middle">%d</text>`+"\n",
			x(p.Page), chartH-padBot, x(p.Page), chartH-padBot+5, x(p.Page), chartH-padBot+32, p.Page)
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">page number (20 hubs a page; log scale of 1+page)</text>`+"\n"+
		`<text transform="translate(22 %d) rotate(-90)" text-anchor="middle">p50 latency (ms)</text>`+"\n",
		(padLeft+chartW-padRight)/2, chartH-padBot+58, (padTop+chartH-padBot)/2)

	// Series and legend.
	for i, s := range depthSeries {
		var pts []string
		var dots strings.Builder
		for _, p := range points {
			if v := s.ms(p); v > 0 {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(p.Page), y(v)))
				anchor := "start"
				if p.Page == maxPage && len(points) > 1 {
					anchor = "end"
				}
				fmt.Fprintf(&dots, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"/><text x="%.1f" y="%.1f" fill="%s" font-size="11" text-anchor="%s">%s</text>`,
					x(p.Page), y(v), s.color, x(p.Page)+4, y(v)+s.labelY, s.color, anchor, trimFloat(v))
			}
		}
		fmt.Fprintf(&b, `<g class="series" data-name="%s"><polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>%s</g>`+"\n",
			esc(s.name), s.color, strings.Join(pts, " "), dots.String())
		ly := padTop + 8 + i*18
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"/><text x="%d" y="%d">%s</text>`+"\n",
			padLeft+14, ly, padLeft+38, ly, s.color, padLeft+44, ly+4, esc(s.name))
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
