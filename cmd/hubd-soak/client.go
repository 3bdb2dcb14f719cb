package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// requestTimeout bounds one request; hubd's own deadline (5 s) answers 503 well before it.
const requestTimeout = 10 * time.Second

// client sends authenticated requests to hubd over at most conns kept-alive connections.
type client struct {
	base  string
	token string
	http  *http.Client
}

func newClient(base, token string, conns int) *client {
	return &client{base: base, token: token, http: &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxIdleConns: conns, MaxConnsPerHost: conns,
			IdleConnTimeout: time.Minute},
		Timeout: requestTimeout,
	}}
}

// answer is an HTTP response read whole.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// do sends one request; the error is a transport error (no answer, or the body cut short).
func (c *client) do(ctx context.Context, method, path, contentType string, body []byte, header map[string]string) (answer, error) {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return answer{}, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return answer{status: res.StatusCode, header: res.Header, body: b}, err
}

// etagVersion reads the version from a strong ETag such as "3".
func etagVersion(h http.Header) (int64, error) {
	tag := h.Get("ETag")
	if len(tag) < 3 || !strings.HasPrefix(tag, `"`) || !strings.HasSuffix(tag, `"`) {
		return 0, fmt.Errorf("ETag %q is not a strong version tag", tag)
	}
	return strconv.ParseInt(tag[1:len(tag)-1], 10, 64)
}
