package postgres

import (
	"context"
	"net"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// NewPreparedDB exposes the statement cache to the external tests.
func NewPreparedDB(db *sqlx.DB) interface {
	QueryxContext(ctx context.Context, query string, args ...any) (*sqlx.Rows, error)
} {
	return newPreparedDB(db)
}

// ListenerOf exposes a notifier's lib/pq Listener, so a test can make it wait on the server.
func ListenerOf(n *EventNotifier) *pq.Listener { return n.listener }

// DialForTest dials address with the pool's dialer and returns the socket under its wrapper.
func DialForTest(ctx context.Context, address string) (*net.TCPConn, error) {
	c, err := newDialer(false).DialContext(ctx, "tcp", address)
	if err != nil {
		return nil, err
	}
	nc := c.(*netConn).Conn
	if u, ok := nc.(interface{ NetConn() net.Conn }); ok { // netio's raw connection
		nc = u.NetConn()
	}
	return nc.(*net.TCPConn), nil
}
