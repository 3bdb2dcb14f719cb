package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// report is every figure of a run; the JSON file is this struct.
type report struct {
	Started      time.Time        `json:"started"`
	Options      map[string]any   `json:"options"`
	Machine      machine          `json:"machine"`
	Params       params           `json:"params"`
	Scenarios    []scenarioResult `json:"scenarios"`
	Depth        []depthPoint     `json:"depth"`
	Memory       memResult        `json:"memory"`
	Targets      []target         `json:"targets"`
	Phases       []phase          `json:"phases"`
	TotalSeconds float64          `json:"totalSeconds"`
}

// machine is where the run ran.
type machine struct {
	CPU        string `json:"cpu"`
	Cores      int    `json:"cores"`
	RAMMB      int64  `json:"ramMb"`
	GoVersion  string `json:"goVersion"`
	PostgreSQL string `json:"postgresql"`
	OS         string `json:"os"`
}

// target is one goal of issue 4 and whether the run met it.
type target struct {
	Name   string `json:"name"`
	Status string `json:"status"` // PASS, MISS or n/a
	Detail string `json:"detail"`
}

func reportOptions(o options) map[string]any {
	return map[string]any{"hubs": o.hubs, "duration": o.duration.String(), "warmup": o.warmup.String(),
		"concurrency": o.concurrency, "depthDuration": o.depthDuration.String(),
		"depthConcurrency": o.depthConcurrency, "deepPage": o.deepPage}
}

func describeMachine(ctx context.Context, b *bench) (machine, error) {
	m := machine{Cores: runtime.NumCPU(), GoVersion: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH}
	m.CPU = procField("/proc/cpuinfo", "model name")
	if kb, err := strconv.ParseInt(strings.Fields(procField("/proc/meminfo", "MemTotal") + " 0")[0], 10, 64); err == nil {
		m.RAMMB = kb / 1024
	}
	if err := b.db.QueryRowContext(ctx, "SHOW server_version").Scan(&m.PostgreSQL); err != nil {
		return m, fmt.Errorf("server version: %w", err)
	}
	return m, nil
}

// procField is the value of the first "key: value" line of a /proc file.
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func (r *report) scenario(key string) *scenarioResult {
	for i := range r.Scenarios {
		if r.Scenarios[i].Key == key && r.Scenarios[i].Requests > 0 {
			return &r.Scenarios[i]
		}
	}
	return nil
}

// judge checks the targets of issue 4.
func judge(r *report) []target {
	status := func(ok bool) string {
		if ok {
			return "PASS"
		}
		return "MISS"
	}
	var out []target
	for _, k := range []string{"b", "c", "d"} {
		t := target{Name: fmt.Sprintf("(%s) service/pgbench >= 0.5", k), Status: "n/a", Detail: "not measured"}
		if s := r.scenario(k); s != nil && s.Pgbench != nil {
			t.Status = status(s.Ratio >= 0.5)
			t.Detail = fmt.Sprintf("%.0f req/s / %.0f tps = %.2f", s.ReqPerSec, s.Pgbench.TPS, s.Ratio)
		}
		out = append(out, t)
	}
	t := target{Name: "(f) cursor p50 <= 1.5 x page-0 p50", Status: "n/a", Detail: "not measured"}
	if cur, p0 := r.scenario("f-cursor"), r.scenario("f-page0"); cur != nil && p0 != nil && p0.P50ms > 0 {
		t.Status = status(cur.P50ms <= 1.5*p0.P50ms)
		t.Detail = fmt.Sprintf("cursor at page %d %.2f ms / page 0 %.2f ms = %.2fx", r.Params.DeepPage, cur.P50ms, p0.P50ms, cur.P50ms/p0.P50ms)
		if off := r.scenario("f-offset"); off != nil {
			t.Detail += fmt.Sprintf("; offset page %d: %.2f ms = %.1fx", r.Params.DeepPage, off.P50ms, off.P50ms/p0.P50ms)
		}
	}
	out = append(out, t)
	t = target{Name: "(e) estimated p50 <= 0.1 x exact p50 (d)", Status: "n/a", Detail: "not measured"}
	if e, d := r.scenario("e"), r.scenario("d"); e != nil && d != nil && d.P50ms > 0 {
		t.Status = status(e.P50ms <= 0.1*d.P50ms)
		t.Detail = fmt.Sprintf("%.2f ms / %.2f ms = %.3f", e.P50ms, d.P50ms, e.P50ms/d.P50ms)
	}
	out = append(out, t)
	peak := max(r.Memory.VmHWMMB, r.Memory.PeakRSSMB)
	out = append(out, target{Name: "peak hubd RSS <= 100 MB", Status: status(peak > 0 && peak <= 100),
		Detail: fmt.Sprintf("VmHWM %.1f MB, largest sampled VmRSS %.1f MB (%d samples every %s)",
			r.Memory.VmHWMMB, r.Memory.PeakRSSMB, r.Memory.Samples, r.Memory.Interval)})
	return out
}

// printReport writes the markdown report.
func printReport(w io.Writer, r *report) {
	m := r.Machine
	fmt.Fprintf(w, "\n## hubd bench, %s\n\n", r.Started.Format(time.RFC3339))
	fmt.Fprintf(w, "Machine: %s, %d cores, %d MB RAM; %s; PostgreSQL %s; %s. %d hubs loaded (%d live).\n",
		m.CPU, m.Cores, m.RAMMB, m.GoVersion, m.PostgreSQL, m.OS, r.Options["hubs"], r.Params.LiveHubs)
	fmt.Fprintf(w, "The load generator, hubd and PostgreSQL share these %d cores. Load: %v per scenario after %v warm-up, %v clients; pgbench -M prepared -c %v -j 2 -T %v.\n",
		m.Cores, r.Options["duration"], r.Options["warmup"], r.Options["concurrency"], r.Options["concurrency"], r.Options["duration"])
	fmt.Fprintf(w, "Parameters: prefix %q (%d live matches), manager %s (%d live hubs, median of %d managers), deep page %d.\n\n",
		r.Params.NamePrefix, r.Params.PrefixMatches, r.Params.ManagerID, r.Params.ManagerHubs, r.Params.Managers, r.Params.DeepPage)
	fmt.Fprintln(w, "| scenario | req/s | p50 ms | p99 ms | errors | pgbench TPS | service/pgbench |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|")
	for _, s := range r.Scenarios {
		if s.Requests == 0 {
			fmt.Fprintf(w, "| %s | – | – | – | – | – | – |\n", s.Name)
			continue
		}
		tps, ratio := "", ""
		if s.Pgbench != nil {
			tps, ratio = fmt.Sprintf("%.0f", s.Pgbench.TPS), fmt.Sprintf("%.2f", s.Ratio)
		}
		errs := fmt.Sprint(s.Errors)
		if s.Errors > 0 {
			errs += fmt.Sprintf(" %v", s.ErrorKinds)
		}
		fmt.Fprintf(w, "| %s | %.0f | %.2f | %.2f | %s | %s | %s |\n", s.Name, s.ReqPerSec, s.P50ms, s.P99ms, errs, tps, ratio)
	}
	printCPU(w, r)
	fmt.Fprintln(w, "\nTargets:")
	for _, t := range r.Targets {
		fmt.Fprintf(w, "- %s %s: %s\n", t.Status, t.Name, t.Detail)
	}
	fmt.Fprintln(w, "\nNotes:")
	for _, s := range r.Scenarios {
		if s.Note != "" {
			fmt.Fprintf(w, "- %s: %s\n", s.Name, s.Note)
		}
		if s.FirstError != "" {
			fmt.Fprintf(w, "- %s: first error %s\n", s.Name, s.FirstError)
		}
		if s.CPU != nil && s.CPU.OtherCores > noisyCores {
			fmt.Fprintf(w, "- %s: other processes used %.2f cores meanwhile; its figures are disturbed\n", s.Name, s.CPU.OtherCores)
		}
	}
	if len(r.Depth) > 0 {
		fmt.Fprintf(w, "\nLatency against depth (p50 ms, %v at %v clients each, count=none):\n\n| page | offset | cursor |\n|--:|--:|--:|\n",
			r.Options["depthDuration"], r.Options["depthConcurrency"])
		for _, d := range r.Depth {
			fmt.Fprintf(w, "| %d | %.2f | %.2f |\n", d.Page, d.OffsetMs, d.CursorMs)
		}
	}
	fmt.Fprintf(w, "\nPhases:")
	for _, p := range r.Phases {
		fmt.Fprintf(w, " %s %.1fs;", p.Name, p.Seconds)
	}
	fmt.Fprintf(w, " total %.1fs.\n\n", r.TotalSeconds)
}

// writeReport writes bench-<timestamp>.json, bench-latest.json and (when the depth chart was
// measured) depth.svg into dir.
func writeReport(dir string, r *report, at time.Time) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	data = append(data, '\n')
	stamped := filepath.Join(dir, "bench-"+at.UTC().Format("20060102T150405Z")+".json")
	latest := filepath.Join(dir, "bench-latest.json")
	svg := filepath.Join(dir, "depth.svg")
	title := fmt.Sprintf("hubd: p50 latency against page depth (%d hubs, %d cores)", r.Options["hubs"], r.Machine.Cores)
	files := []struct {
		path string
		data []byte
	}{{stamped, data}, {latest, data}}
	if len(r.Depth) > 0 {
		files = append(files, struct {
			path string
			data []byte
		}{svg, depthSVG(r.Depth, title)})
	}
	var paths []string
	for _, f := range files {
		if err := os.WriteFile(f.path, f.data, 0o644); err != nil {
			return nil, err
		}
		paths = append(paths, f.path)
	}
	return paths, nil
}

// noisyCores is how much CPU the rest of the machine may use during a scenario before the
// report says the scenario was disturbed.
const noisyCores = 0.25

// printCPU shows where the CPU went: per request of each HTTP scenario, for the load generator,
// hubd and PostgreSQL, and per transaction under pgbench. On a machine whose cores all three
// share, this is what bounds the service/pgbench ratio.
func printCPU(w io.Writer, r *report) {
	fmt.Fprintln(w, "\nCPU ms per request (cores busy) in the measured window; under pgbench, per transaction:")
	fmt.Fprintln(w, "Other is the rest of the machine in cores (pgbench's client is in it): noise when not near 0.")
	fmt.Fprintln(w, "\n| scenario | load generator | hubd | PostgreSQL | other | pgbench: PostgreSQL | pgbench client | pgbench: other |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|")
	for _, s := range r.Scenarios {
		if s.CPU == nil {
			continue
		}
		c := s.CPU
		pgb, cl, po := "", "", ""
		if p := s.Pgbench; p != nil {
			pgb, cl = fmt.Sprintf("%.3f (%.2f)", p.PostgresMsPerTx, p.PostgresCores), fmt.Sprintf("%.3f", p.ClientMsPerTx)
			po = fmt.Sprintf("%.2f", p.OtherCores)
		}
		fmt.Fprintf(w, "| %s | %.3f (%.2f) | %.3f (%.2f) | %.3f (%.2f) | %.2f | %s | %s | %s |\n", s.Name,
			c.BenchMsPerReq, c.BenchCores, c.HubdMsPerReq, c.HubdCores, c.PostgresMsPerReq, c.PostgresCores, c.OtherCores, pgb, cl, po)
	}
}
