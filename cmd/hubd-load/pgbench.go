package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// compareWithPgbench renders the statements the repository issues for the scenario's request,
// keeps the count statement only when the service runs it for this request (paging.Of decides,
// on the rows the content statement really returns), checks the count against the total the
// service answered, and runs pgbench on them.
func compareWithPgbench(ctx context.Context, o options, e *env, t sqlTwin, res *scenarioResult) error {
	content, count, err := postgres.SearchStatements(t.cond, t.pageable)
	if err != nil {
		return err
	}
	rows, err := e.db.QueryContext(ctx, content.SQL, content.Args...)
	if err != nil {
		return fmt.Errorf("content statement: %w", err)
	}
	n := 0
	for rows.Next() {
		n++
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil { //nolint:sqlclosecheck // closed once read, not after the pgbench run below
		return fmt.Errorf("content statement: %w", err)
	}
	counted := false
	if _, err = paging.Of(ctx, make([]struct{}, n), t.pageable, func(context.Context) (int64, bool, error) {
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
		if res.TotalElements != nil && *res.TotalElements != total {
			note += fmt.Sprintf(", but the service answered totalElements %d", *res.TotalElements)
		} else if res.TotalElements != nil {
			note += " = the service's totalElements"
		}
	}
	res.Note += note
	fmt.Fprintf(os.Stderr, "  pgbench: %s\n", note)
	pb, err := runPgbench(ctx, e, stmts, o.concurrency, o.duration)
	if err != nil {
		return err
	}
	res.Pgbench = &pb
	if pb.TPS > 0 {
		res.Ratio = res.ReqPerSec / pb.TPS
	}
	fmt.Fprintf(os.Stderr, "  pgbench %.0f tps, service/pgbench %.2f\n", pb.TPS, res.Ratio)
	return nil
}

// placeholder is a $n parameter. Matching the whole number at once is what keeps $1 from
// eating the start of $10.
var placeholder = regexp.MustCompile(`\$([0-9]+)`)

// pgbenchScript renders statements as one pgbench transaction: one line per statement, each
// $n replaced by a pgbench variable. Variables are numbered across the statements in order
// (the first statement's $1..$k are :p1..:pk, the next one's $1 is :p(k+1)), and vars holds
// their values as "name=value" for -D. With -M prepared pgbench sends variables as parameters
// of the prepared statement, as lib/pq does, so the server plans and types them alike.
func pgbenchScript(stmts []postgres.Statement) (script string, vars []string, err error) {
	var sb strings.Builder
	for _, st := range stmts {
		if strings.ContainsAny(st.SQL, "\n;") {
			return "", nil, fmt.Errorf("statement %q: a newline or ; would split it", st.SQL)
		}
		base := len(vars)
		for i, a := range st.Args {
			v, err := argText(a)
			if err != nil {
				return "", nil, fmt.Errorf("argument $%d of %q: %w", i+1, st.SQL, err)
			}
			vars = append(vars, fmt.Sprintf("p%d=%s", base+i+1, v))
		}
		sql := placeholder.ReplaceAllStringFunc(st.SQL, func(m string) string {
			n, _ := strconv.Atoi(m[1:])
			if n < 1 || n > len(st.Args) {
				err = fmt.Errorf("%s in %q has no argument", m, st.SQL)
				return m
			}
			return fmt.Sprintf(":p%d", base+n)
		})
		if err != nil {
			return "", nil, err
		}
		sb.WriteString(sql + ";\n")
	}
	return sb.String(), vars, nil
}

// argText is an argument as pgbench's -D takes it: text, which the server casts like lib/pq's.
func argText(a any) (string, error) {
	switch v := a.(type) {
	case string:
		if strings.ContainsRune(v, 0) {
			return "", fmt.Errorf("NUL in %q", v)
		}
		return v, nil
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, bool:
		return fmt.Sprint(v), nil
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64), nil
	}
	return "", fmt.Errorf("unsupported argument type %T", a)
}

// pgbenchResult is what one pgbench run reported.
type pgbenchResult struct {
	TPS, LatencyAvgMs float64
	Transactions      int64
	// CPU per transaction of PostgreSQL and of pgbench itself, and PostgreSQL's cores.
	PostgresMsPerTx, ClientMsPerTx float64
	PostgresCores                  float64
	OtherCores                     float64 // the rest of the machine, pgbench itself included
	Statements, Vars               []string
}

// runPgbench runs the statements as one pgbench transaction at the given concurrency for the
// given duration (whole seconds, at least one), prepared, without vacuum.
func runPgbench(ctx context.Context, e *env, stmts []postgres.Statement, concurrency int, d time.Duration) (pgbenchResult, error) {
	res := pgbenchResult{}
	script, vars, err := pgbenchScript(stmts)
	if err != nil {
		return res, err
	}
	res.Statements, res.Vars = strings.Split(strings.TrimSpace(script), "\n"), vars
	file := filepath.Join(e.tmp, fmt.Sprintf("pgbench-%d.sql", time.Now().UnixNano()))
	if err := os.WriteFile(file, []byte(script), 0o600); err != nil {
		return res, err
	}
	bin := filepath.Join(e.binDir, "pgbench") // beside the server binaries (Debian), else on PATH
	if _, err := os.Stat(bin); err != nil {
		if bin, err = exec.LookPath("pgbench"); err != nil {
			return res, fmt.Errorf("pgbench not found in %s or PATH: install PostgreSQL's client tools (apt-get install postgresql-client)", e.binDir)
		}
	}
	args := []string{"-M", "prepared", "-n", "-c", fmt.Sprint(concurrency), "-j", "2",
		"-T", fmt.Sprint(max(1, int(math.Round(d.Seconds())))), "-f", file,
		"-h", "127.0.0.1", "-p", fmt.Sprint(e.pg.Port()), "-U", "postgres"}
	for _, v := range vars {
		args = append(args, "-D", v)
	}
	cmd := e.command(ctx, bin, append(args, e.mode)...)
	before := e.cpuNow()
	out, err := cmd.CombinedOutput()
	after := e.cpuNow()
	if err != nil {
		return res, fmt.Errorf("pgbench: %w\n%s", err, out)
	}
	if res, err = parsePgbench(string(out), res); err != nil || res.Transactions == 0 {
		return res, err
	}
	// The window includes pgbench's connecting; -T is most of it.
	pg := cpuBetween(before, after, int(res.Transactions), runtime.NumCPU())
	res.PostgresMsPerTx, res.PostgresCores, res.OtherCores = pg.PostgresMsPerReq, pg.Postgres, pg.Other
	client := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	res.ClientMsPerTx = round(float64(client)/1e6/float64(res.Transactions), 3)
	return res, nil
}

var (
	tpsLine     = regexp.MustCompile(`(?m)^tps = ([0-9.]+)`)
	latencyLine = regexp.MustCompile(`(?m)^latency average = ([0-9.]+) ms`)
	txLine      = regexp.MustCompile(`(?m)^number of transactions actually processed: ([0-9]+)`)
	failedLine  = regexp.MustCompile(`(?m)^number of failed transactions: ([0-9]+)`)
)

// parsePgbench reads pgbench's summary.
func parsePgbench(out string, res pgbenchResult) (pgbenchResult, error) {
	m := tpsLine.FindStringSubmatch(out)
	if m == nil {
		return res, fmt.Errorf("pgbench printed no tps:\n%s", out)
	}
	res.TPS, _ = strconv.ParseFloat(m[1], 64)
	if m := latencyLine.FindStringSubmatch(out); m != nil {
		res.LatencyAvgMs, _ = strconv.ParseFloat(m[1], 64)
	}
	if m := txLine.FindStringSubmatch(out); m != nil {
		res.Transactions, _ = strconv.ParseInt(m[1], 10, 64)
	}
	if m := failedLine.FindStringSubmatch(out); m != nil && m[1] != "0" {
		return res, fmt.Errorf("pgbench: %s failed transactions:\n%s", m[1], out)
	}
	return res, nil
}
