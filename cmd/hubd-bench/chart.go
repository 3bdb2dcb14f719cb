package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strings"
)

// Geometry of the depth chart, in SVG user units.
const (
	chartW, chartH                    = 760, 440
	padLeft, padRight, padTop, padBot = 80, 60, 56, 84
)

// series is one line of the chart.
type series struct {
	name   string
	color  string
	labelY float64 // where a point's value goes, relative to the point: above or below
	ms     func(depthPoint) float64
}

var depthSeries = []series{
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
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">page number (20 hubs a page; log scale of 1+page)</text>`+"\n",
		(padLeft+chartW-padRight)/2, chartH-padBot+58)
	fmt.Fprintf(&b, `<text transform="translate(22 %d) rotate(-90)" text-anchor="middle">p50 latency (ms)</text>`+"\n",
		(padTop+chartH-padBot)/2)

	// Series and legend.
	for i, s := range depthSeries {
		var pts []string
		var dots strings.Builder
		for _, p := range points {
			v := s.ms(p)
			if v <= 0 {
				continue
			}
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(p.Page), y(v)))
			anchor := "start"
			if p.Page == maxPage && len(points) > 1 {
				anchor = "end"
			}
			fmt.Fprintf(&dots, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"/><text x="%.1f" y="%.1f" fill="%s" font-size="11" text-anchor="%s">%s</text>`,
				x(p.Page), y(v), s.color, x(p.Page)+4, y(v)+s.labelY, s.color, anchor, trimFloat(v))
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
	s := fmt.Sprintf("%.2f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
