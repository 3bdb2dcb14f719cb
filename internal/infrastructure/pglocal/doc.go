// Package pglocal starts a PostgreSQL server from the binaries installed on
// this machine, so that tests and single-host deployments get a real server
// without Docker, a system service or any network download.
//
// The server is a direct child of the calling process (the postgres binary
// is exec'd, not pg_ctl), which lets us watch it exit, stop it on our own
// terms and, through Pdeathsig, guarantee that it dies with us if we crash.
//
// StartReplica adds hot standbys that stream from a running server (a base
// backup with pg_basebackup -R, then the same process machinery), so read
// replicas can be tried out and tested on one machine.
//
// Security model: clusters are created with trust authentication. That is
// acceptable only because the server listens on 127.0.0.1 alone and opens no
// Unix socket, so just processes on this host can connect; anything that can
// already run code here could read the data directory anyway. Do not point
// this package at a machine whose local users you do not trust.
//
// PostgreSQL refuses to run as root. When the caller is root, initdb and the
// server run as the "postgres" OS user and the data directory is chowned to
// it; every parent of the data directory must therefore be searchable by
// that user, which Start verifies up front instead of letting the server fail
// with an obscure permission error.
package pglocal
