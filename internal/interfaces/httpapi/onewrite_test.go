package httpapi

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// countingListener counts the writes of its connections, beneath OneWriteListener.
type countingListener struct {
	net.Listener
	mu     sync.Mutex
	writes int
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, l: l}, nil
}

func (l *countingListener) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.writes
}

type countingConn struct {
	net.Conn
	l *countingListener
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.l.mu.Lock()
	c.l.writes++
	c.l.mu.Unlock()
	return c.Conn.Write(p)
}

// serveOneWrite serves WriteBody bodies of ?n= bytes, through OneWriteListener when oneWrite.
func serveOneWrite(t *testing.T, oneWrite bool) (*countingListener, string) {
	t.Helper()
	e := echo.New()
	body := func(c echo.Context) error {
		n := 0
		_, _ = fmt.Sscan(c.QueryParam("n"), &n)
		return WriteBody(c, http.StatusOK, func(b []byte) []byte {
			b = append(b, '"')
			for i := range n {
				b = append(b, 'a'+byte(i%26))
			}
			return append(b, '"')
		})
	}
	getAndHead(e, "/body", body)
	// A writer that neither flushes nor unwraps (as the idempotency recorder): held, then let go.
	e.GET("/wrapped", func(c echo.Context) error {
		c.Response().Writer = struct{ http.ResponseWriter }{c.Response().Writer}
		return body(c)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cl := &countingListener{Listener: ln}
	var served net.Listener = cl
	if oneWrite {
		served = OneWriteListener(cl)
	}
	srv := &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(served) }()
	t.Cleanup(func() { _ = srv.Close() })
	return cl, ln.Addr().String()
}

// rawExchange sends requests on one keep-alive connection and returns each raw response.
func rawExchange(t *testing.T, addr string, reqs ...string) []string {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	r := bufio.NewReader(conn)
	var out []string
	for _, req := range reqs {
		if _, err := io.WriteString(conn, req); err != nil {
			t.Fatal(err)
		}
		var raw bytes.Buffer
		res, err := http.ReadResponse(bufio.NewReader(io.TeeReader(r, &raw)), &http.Request{Method: strings.Fields(req)[0]})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, res.Body); err != nil {
			t.Fatal(err)
		}
		_ = res.Body.Close()
		out = append(out, raw.String())
	}
	return out
}

var dateHeader = regexp.MustCompile(`(?m)^Date: .*\r\n`)

// TestOneWriteListenerSendsAResponseInOneWrite: through OneWriteListener a WriteBody response
// larger than net/http's 4 kB connection buffer leaves in one write instead of two, byte for
// byte the response net/http sends without it (Date aside), on a connection kept alive; HEAD
// and small bodies are answered as before, and a writer that cannot flush in two writes, in order.
func TestOneWriteListenerSendsAResponseInOneWrite(t *testing.T) {
	reqs := []string{
		"GET /body?n=10000 HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /body?n=100 HTTP/1.1\r\nHost: x\r\n\r\n",
		"HEAD /body?n=10000 HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /body?n=70000 HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /wrapped?n=5000 HTTP/1.1\r\nHost: x\r\n\r\n",
	}
	plainL, plainAddr := serveOneWrite(t, false)
	oneL, oneAddr := serveOneWrite(t, true)
	var plainWrites, oneWrites []int
	var plain, one []string
	for _, req := range reqs {
		before := plainL.count()
		plain = append(plain, rawExchange(t, plainAddr, req)...)
		plainWrites = append(plainWrites, plainL.count()-before)
		before = oneL.count()
		one = append(one, rawExchange(t, oneAddr, req)...)
		oneWrites = append(oneWrites, oneL.count()-before)
	}
	for i := range reqs {
		if got, want := dateHeader.ReplaceAllString(one[i], ""), dateHeader.ReplaceAllString(plain[i], ""); got != want {
			t.Errorf("%q: response through OneWriteListener differs:\n%.300q\nwant\n%.300q", reqs[i], got, want)
		}
	}
	if want := []int{1, 1, 1, 1, 2}; fmt.Sprint(oneWrites) != fmt.Sprint(want) {
		t.Errorf("writes per response through OneWriteListener = %v, want %v (without it: %v)", oneWrites, want, plainWrites)
	}
	if plainWrites[0] < 2 {
		t.Errorf("without OneWriteListener a 10 kB body took %d writes; the test no longer shows a difference", plainWrites[0])
	}
	if !strings.Contains(one[0], "Content-Length: 10003\r\n") || !strings.HasSuffix(one[0], "nop\"\n") {
		t.Errorf("10 kB response: %.200q … %q", one[0], one[0][len(one[0])-10:])
	}
	// The same requests on one connection: kept alive, each answered in full and in order.
	all := rawExchange(t, oneAddr, reqs...)
	for i := range reqs {
		if got, want := dateHeader.ReplaceAllString(all[i], ""), dateHeader.ReplaceAllString(plain[i], ""); got != want {
			t.Errorf("keep-alive %q differs: %.200q", reqs[i], got)
		}
	}
}
