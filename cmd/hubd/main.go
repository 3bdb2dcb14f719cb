// Command hubd is the hub logistics service: `hubd serve` runs the HTTP API, and the other
// subcommands (migrate, seed, token, version) are the operator's tools around it. With no
// database configured, hubd runs its own PostgreSQL in the data directory.
//
// main only wires: configuration, the database, the application and the HTTP interface are
// built in the packages under internal/, and each subcommand lives in its own file here.
package main

import (
	"io"
	"os"
)

// Exit codes: the usual Unix split between "it failed" and "you called it wrong".
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

const usage = `usage: hubd <command> [flags] [arguments]

commands:
  serve     run the HTTP service (starts a local PostgreSQL when no database URL is configured)
  migrate   apply or revert the database migrations: migrate up|down N|down --all|version
  seed      load the 17 Korean hubs (idempotent), or --synthetic N generated ones
  token     print a signed bearer token for local use and tests
  version   print the version

Run 'hubd <command> --help' for a command's flags.
Configuration: configs/hubd.yaml (or --config, $HUBD_CONFIG), overridden by $HUBD_DATABASE_URL,
$HUBD_READ_DATABASE_URL, $HUBD_DATA_DIR, $HUBD_HTTP_ADDR, $HUBD_JWT_SECRET,
$HUBD_JWT_MAX_LIFETIME, $HUBD_LOG_LEVEL, $HUBD_LOG_FORMAT, and the limits ('hubd serve --help'
gives their defaults) $HUBD_RATE_LIMIT, $HUBD_RATE_BURST, $HUBD_ANONYMOUS_RATE_LIMIT,
$HUBD_ANONYMOUS_RATE_BURST, $HUBD_MAX_STREAMS and $HUBD_MAX_STREAMS_PER_CALLER.
`

// subcommands maps each name to its entry point; every one takes the arguments after its name.
var subcommands = map[string]func(args []string, out streams) int{
	"serve":   runServe,
	"migrate": runMigrate,
	"seed":    runSeed,
	"token":   runToken,
	"version": runVersion,
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: tests call it with their own writers and read the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	out := streams{stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		out.notef("%s", usage)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		return out.printf("%s", usage)
	}
	cmd, ok := subcommands[args[0]]
	if !ok {
		out.notef("hubd: unknown command %q\n\n%s", args[0], usage)
		return exitUsage
	}
	return cmd(args[1:], out)
}
