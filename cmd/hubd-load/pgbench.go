package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/hubstore"
)

// compareWithPgbench runs pgbench on the repository's statements for the request: the count
// only when paging.Of would run it on the rows returned, checked against the service's total.
func compareWithPgbench(ctx context.Context, o options, e *env, t sqlTwin, res *scenarioResult) error {
	content, count, err := hubstore.SearchStatements(t.cond, t.pageable)
	if err != nil {
		return err
	}
	rows, err := queryStrings(ctx, e.db, "SELECT '' FROM ("+content.SQL+") content", content.Args...)
	if err != nil {
		return fmt.Errorf("content statement: %w", err)
	}
	counted := false
	if _, err = paging.Of(ctx, rows, t.pageable, func(context.Context) (int64, bool, error) {
		counted = true
		return 0, false, nil
	}); err != nil {
		return err
	}
	stmts, note := []postgres.Statement{content}, "content statement only"
	if counted && count.SQL != "" {
		stmts = append(stmts, count)
		var total int64
		if err := e.db.QueryRowContext(ctx, count.SQL, count.Args...).Scan(&total); err != nil {
			return fmt.Errorf("count statement: %w", err)
		}
		note = fmt.Sprintf("content + count statements; count %d", total)
		if got := res.TotalElements; got != nil && *got != total {
			note += fmt.Sprintf(", but the service answered totalElements %d", *got)
		} else if got != nil {
			note += " = the service's totalElements"
		}
	}
	res.Note += note
	fmt.Fprintf(os.Stderr, "  pgbench: %s\n", note)
	if res.Pgbench, err = runPgbench(ctx, e, stmts, o.Concurrency, o.Duration); err == nil && res.Pgbench.TPS > 0 {
		res.Ratio = res.ReqPerSec / res.Pgbench.TPS
		fmt.Fprintf(os.Stderr, "  pgbench %.0f tps, service/pgbench %.2f\n", res.Pgbench.TPS, res.Ratio)
	}
	return err
}

// placeholder is a $n parameter. Matching the whole number at once is what keeps $1 from
// eating the start of $10.
var placeholder = regexp.MustCompile(`\$([0-9]+)`)

// pgbenchScript renders statements as one transaction, a line each, $n numbered across them as
// :p1, :p2…, and vars their -D values. -M prepared sends them as parameters, as lib/pq does.
func pgbenchScript(stmts []postgres.Statement) (script string, vars []string, err error) {
	var sb strings.Builder
	for _, st := range stmts {
		if st.SQL = strings.Join(strings.Fields(st.SQL), " "); strings.Contains(st.SQL, ";") {
			return "", nil, fmt.Errorf("statement %q: a ; would split it", st.SQL)
		}
		base := len(vars)
		for i, a := range st.Args {
			switch a.(type) {
			case string, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, bool, float64: // text the server casts like lib/pq's
			default:
				return "", nil, fmt.Errorf("argument $%d of %q: unsupported type %T", i+1, st.SQL, a)
			}
			if v := fmt.Sprint(a); !strings.ContainsRune(v, 0) {
				vars = append(vars, fmt.Sprintf("p%d=%s", base+i+1, v))
			} else {
				return "", nil, fmt.Errorf("argument $%d of %q: NUL in %q", i+1, st.SQL, v)
			}
		}
		sb.WriteString(placeholder.ReplaceAllStringFunc(st.SQL, func(m string) string {
			if n, _ := strconv.Atoi(m[1:]); n >= 1 && n <= len(st.Args) {
				return fmt.Sprintf(":p%d", base+n)
			}
			err = fmt.Errorf("%s in %q has no argument", m, st.SQL)
			return m
		}) + ";\n")
	}
	if err != nil {
		return "", nil, err
	}
	return sb.String(), vars, nil
}

// pgbenchResult is what one pgbench run reported, with the CPU per transaction of PostgreSQL
// and of pgbench itself, PostgreSQL's cores and the rest of the machine's (pgbench's included).
type pgbenchResult struct {
	TPS, LatencyAvgMs                                         float64
	Transactions                                              int64
	PostgresMsPerTx, ClientMsPerTx, PostgresCores, OtherCores float64
	Statements, Vars                                          []string
}

// runPgbench runs the statements as one pgbench transaction, prepared, without vacuum, for d
// in whole seconds (at least one).
func runPgbench(ctx context.Context, e *env, stmts []postgres.Statement, concurrency int, d time.Duration) (*pgbenchResult, error) {
	script, vars, err := pgbenchScript(stmts)
	if err != nil {
		return nil, err
	}
	res := &pgbenchResult{Statements: strings.Split(strings.TrimSpace(script), "\n"), Vars: vars}
	file := filepath.Join(e.tmp, fmt.Sprintf("pgbench-%d.sql", time.Now().UnixNano()))
	if err := os.WriteFile(file, []byte(script), 0o600); err != nil {
		return nil, err
	}
	bin := filepath.Join(e.binDir, "pgbench") // beside the server binaries (Debian), else on PATH
	if _, err := os.Stat(bin); err != nil {
		bin = "pgbench"
	}
	args := []string{"-M", "prepared", "-n", "-c", fmt.Sprint(concurrency), "-j", "2", "-T", fmt.Sprint(max(1, int(math.Round(d.Seconds())))),
		"-f", file, "-h", "127.0.0.1", "-p", fmt.Sprint(e.pg.Port()), "-U", "postgres"}
	for _, v := range vars {
		args = append(args, "-D", v)
	}
	cmd := e.command(ctx, bin, append(args, "postgres")...)
	before := e.cpuNow()
	out, err := cmd.CombinedOutput()
	after := e.cpuNow() // the window includes pgbench's connecting; -T is most of it
	if err != nil {
		return nil, fmt.Errorf("pgbench: %w\n%s", err, out)
	}
	if err = parsePgbench(string(out), res); err == nil && res.Transactions > 0 {
		pg := cpuBetween(before, after, int(res.Transactions), runtime.NumCPU())
		res.PostgresMsPerTx, res.PostgresCores, res.OtherCores = pg.PostgresMsPerReq, pg.Postgres, pg.Other
		res.ClientMsPerTx = round(float64(cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())/1e6/float64(res.Transactions), 3)
	}
	return res, err
}

// pgbenchLine is a figure of pgbench's summary.
var pgbenchLine = regexp.MustCompile(`(?m)^(tps|latency average|number of transactions actually processed|number of failed transactions)(?: =|:) ([0-9.]+)`)

// parsePgbench reads pgbench's summary into res.
func parsePgbench(out string, res *pgbenchResult) error {
	m := map[string]string{}
	for _, l := range pgbenchLine.FindAllStringSubmatch(out, -1) {
		m[l[1]] = l[2]
	}
	if m["tps"] == "" {
		return fmt.Errorf("pgbench printed no tps:\n%s", out)
	}
	if f := m["number of failed transactions"]; f != "" && f != "0" {
		return fmt.Errorf("pgbench: %s failed transactions:\n%s", f, out)
	}
	res.TPS, _ = strconv.ParseFloat(m["tps"], 64)
	res.LatencyAvgMs, _ = strconv.ParseFloat(m["latency average"], 64)
	res.Transactions, _ = strconv.ParseInt(m["number of transactions actually processed"], 10, 64)
	return nil
}
