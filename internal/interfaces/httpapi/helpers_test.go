package httpapi_test

import (
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/google/uuid"
)

// The helpers the aggregates' tests share: records set up and read back as MASTER, requests at
// once.

// asMaster sends a request as MASTER, fails the test unless it answers want, and decodes the
// answer into a T: the records a test sets up and reads back.
func asMaster[T any](en *env, want int, method, path, body string) T {
	en.t.Helper()
	res := en.master(method, path, body)
	if res.Code != want {
		en.t.Fatalf("%s %s: %d, want %d: %s", method, path, res.Code, want, res.Body)
	}
	var v T
	res.decode(en.t, &v)
	return v
}

// nullableID is a UUID member's JSON: null for none.
func nullableID(id *uuid.UUID) string {
	if id == nil {
		return "null"
	}
	return `"` + id.String() + `"`
}

// mustDelete deletes as MASTER in a test's setup.
func (en *env) mustDelete(path string) {
	en.t.Helper()
	if r := en.master("DELETE", path, ""); r.Code != http.StatusNoContent {
		en.t.Fatalf("setup delete %s: %d %s", path, r.Code, r.Body)
	}
}

// createHubsApart makes n hubs named by format and i, a second apart (so the newest is the
// last), and then one named other that the tests' filters leave out.
func (en *env) createHubsApart(format string, n int, other string) {
	en.t.Helper()
	for i := range n {
		en.createHub(fmt.Sprintf(format, i), nil)
		en.advance(time.Second)
	}
	en.createHub(other, nil)
}

// atOnce runs n requests at once, request i being do(i), and returns their statuses in order.
func atOnce(n int, do func(i int) int) []int {
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { codes[i] = do(i) })
	}
	wg.Wait()
	return codes
}
