package main

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

func TestPgbenchScriptNumbersVariablesAcrossStatements(t *testing.T) {
	args := make([]any, 11)
	for i := range args {
		args[i] = i + 1
	}
	args[0] = "서울%"
	script, vars, err := pgbenchScript([]postgres.Statement{
		{SQL: "SELECT $1, $10, $11, $2::text FROM t WHERE a = $1", Args: args},
		{SQL: "SELECT count(*) FROM t WHERE a = lower($1) LIMIT $2", Args: []any{"x", int64(10001)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "SELECT :p1, :p10, :p11, :p2::text FROM t WHERE a = :p1;\n" +
		"SELECT count(*) FROM t WHERE a = lower(:p12) LIMIT :p13;\n"
	if script != want {
		t.Errorf("script\n%s\nwant\n%s", script, want)
	}
	wantVars := []string{"p1=서울%", "p2=2", "p3=3", "p4=4", "p5=5", "p6=6", "p7=7", "p8=8", "p9=9", "p10=10", "p11=11", "p12=x", "p13=10001"}
	if !slices.Equal(vars, wantVars) {
		t.Errorf("vars %q, want %q", vars, wantVars)
	}
}

func TestPgbenchScriptRefusesWhatItCannotRender(t *testing.T) {
	for _, st := range []postgres.Statement{
		{SQL: "SELECT $2", Args: []any{1}},
		{SQL: "SELECT $0", Args: []any{1}},
		{SQL: "SELECT 1; SELECT 2"},
		{SQL: "SELECT $1", Args: []any{struct{}{}}},
	} {
		if _, _, err := pgbenchScript([]postgres.Statement{st}); err == nil {
			t.Errorf("%q %v rendered", st.SQL, st.Args)
		}
	}
}

// The statements the repository really builds render: every placeholder becomes a variable and
// every argument a -D value.
func TestPgbenchScriptOfRealSearchStatements(t *testing.T) {
	content, count, err := postgres.SearchStatements(hub.SearchCondition{NamePrefix: "서울_1"},
		paging.Pageable{Page: 3, Size: 20, Sort: paging.Sort{{Property: hub.SortByName}}})
	if err != nil {
		t.Fatal(err)
	}
	script, vars, err := pgbenchScript([]postgres.Statement{content, count})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(script, "$") || len(vars) != len(content.Args)+len(count.Args) {
		t.Errorf("script %q with vars %q", script, vars)
	}
	if !slices.Contains(vars, `p1=서울\_1%`) {
		t.Errorf("vars %q lack the escaped prefix", vars)
	}
	if n := strings.Count(script, ";\n"); n != 2 {
		t.Errorf("%d statements in %q", n, script)
	}
}

func TestParsePgbench(t *testing.T) {
	out := `transaction type: q.sql
scaling factor: 1
number of clients: 16
number of transactions actually processed: 12345
number of failed transactions: 0 (0.000%)
latency average = 12.961 ms
initial connection time = 20.123 ms
tps = 1234.567890 (without initial connection time)
`
	r, err := parsePgbench(out, pgbenchResult{})
	if err != nil {
		t.Fatal(err)
	}
	if r.TPS != 1234.56789 || r.LatencyAvgMs != 12.961 || r.Transactions != 12345 {
		t.Errorf("parsed %+v", r)
	}
	if _, err := parsePgbench(strings.Replace(out, "failed transactions: 0", "failed transactions: 3", 1), pgbenchResult{}); err == nil {
		t.Error("failed transactions went unnoticed")
	}
	if _, err := parsePgbench("pgbench: error: connection refused", pgbenchResult{}); err == nil {
		t.Error("no tps went unnoticed")
	}
}

func TestDepthSVGIsWellFormedWithBothSeries(t *testing.T) {
	svg := depthSVG([]depthPoint{
		{Page: 0, OffsetMs: 1.2, CursorMs: 1.2},
		{Page: 100, OffsetMs: 1.5, CursorMs: 1.3},
		{Page: 40000, OffsetMs: 250, CursorMs: 1.4},
	}, `p50 <by> "depth" & more`)
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var seriesNames []string
	polylines := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch se.Name.Local {
			case "polyline":
				polylines++
				for _, a := range se.Attr {
					if a.Name.Local == "points" && strings.Count(a.Value, ",") != 3 {
						t.Errorf("polyline points %q, want 3 points", a.Value)
					}
				}
			case "g":
				for _, a := range se.Attr {
					if a.Name.Local == "data-name" {
						seriesNames = append(seriesNames, a.Value)
					}
				}
			}
		}
	}
	if polylines != 2 || len(seriesNames) != 2 {
		t.Errorf("%d polylines, series %q; want 2 of each", polylines, seriesNames)
	}
	for _, want := range []string{"offset", "cursor", "page number", "p50 latency (ms)", "40000"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

func TestDepthSVGSkipsMissingPoints(t *testing.T) {
	svg := depthSVG([]depthPoint{{Page: 0, OffsetMs: 1, CursorMs: 1}, {Page: 10, OffsetMs: 2}}, "t")
	if err := xml.Unmarshal(svg, new(struct{})); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	if !bytes.Contains(svg, []byte(`<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="80.0,`)) {
		t.Errorf("cursor series missing:\n%s", svg)
	}
}

func TestNiceScale(t *testing.T) {
	for _, c := range []struct{ v, top, step float64 }{
		{0, 1, 0.2}, {1.3, 1.5, 0.5}, {9, 10, 2}, {270, 300, 100}, {0.07, 0.08, 0.02},
	} {
		top, step := niceScale(c.v)
		if diff(top, c.top) > 1e-9 || diff(step, c.step) > 1e-9 {
			t.Errorf("niceScale(%v) = %v, %v; want %v, %v", c.v, top, step, c.top, c.step)
		}
	}
}

func diff(a, b float64) float64 { return max(a-b, b-a) }

func TestParseStatus(t *testing.T) {
	st, err := parseStatus(bufio.NewScanner(strings.NewReader("Name:\thubd\nVmHWM:\t   81234 kB\nVmRSS:\t   40960 kB\nThreads:\t9\n")))
	if err != nil {
		t.Fatal(err)
	}
	if st["VmHWM"] != 81234 || st["VmRSS"] != 40960 {
		t.Errorf("parsed %v", st)
	}
	if mb(40960) != 40 {
		t.Errorf("mb(40960) = %v", mb(40960))
	}
}

func TestDepthsUpTo(t *testing.T) {
	if got := depthsUpTo(40000); !slices.Equal(got, []int{0, 100, 1000, 10000, 40000}) {
		t.Errorf("depthsUpTo(40000) = %v", got)
	}
	if got := depthsUpTo(2249); !slices.Equal(got, []int{0, 100, 1000, 2249}) {
		t.Errorf("depthsUpTo(2249) = %v", got)
	}
}

func TestParseFlagsDefaults(t *testing.T) {
	t.Setenv("HUBD_DATA_DIR", "/tmp/x")
	o, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.hubs != 1_000_000 || o.duration != 10*time.Second || o.concurrency != 16 || o.out != "/tmp/x/bench" {
		t.Errorf("defaults %+v", o)
	}
	if _, err := parseFlags([]string{"-concurrency", "0"}, io.Discard); err == nil {
		t.Error("-concurrency 0 accepted")
	}
}

func TestParseFlagsScenarios(t *testing.T) {
	o, err := parseFlags([]string{"-scenarios", "b, c,depth"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !o.wants("b") || !o.wants("c") || !o.wants("depth") || o.wants("a") {
		t.Errorf("wants %v", o.only)
	}
	if o, _ := parseFlags(nil, io.Discard); !o.wants("f-cursor") || !o.wants("depth") {
		t.Error("all scenarios are not the default")
	}
	if _, err := parseFlags([]string{"-scenarios", "b,x"}, io.Discard); err == nil {
		t.Error("unknown scenario accepted")
	}
}
