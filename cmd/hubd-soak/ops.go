package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

const (
	hubsPath       = "/api/v1/hubs"
	mediaJSON      = "application/json"
	mediaPatch     = "application/merge-patch+json"
	maxCursorDepth = 50 // pages a cursor chain follows before it is dropped
)

// runner is what the load's workers share.
type runner struct {
	c        *client
	d        *data
	hubs     *hubPool
	cursors  *cursorPool
	rec      *recorder
	runToken string       // in every name the run gives, so names never collide
	names    atomic.Int64 // the running number of those names
}

// send does one request, checks that it got status want and passes check (if any), and
// records it under label. It returns the answer and whether it was right.
func (ru *runner) send(ctx context.Context, label, method, path, ctype string, body []byte,
	header map[string]string, want int, check func(answer) error) (answer, bool) {
	began := time.Now()
	a, err := ru.c.do(ctx, method, path, ctype, body, header)
	took := time.Since(began)
	answered := a.status != 0
	var kind, detail string
	switch {
	case err != nil && !answered:
		kind, detail = "transport", fmt.Sprintf("%s %s: %v", method, path, err)
	case err != nil:
		kind, detail = "body", fmt.Sprintf("%s %s: %d, reading the body: %v", method, path, a.status, err)
	case a.status != want:
		kind, detail = strconv.Itoa(a.status), fmt.Sprintf("%s %s: %d %.300s", method, path, a.status, a.body)
	case check != nil:
		if err := check(a); err != nil {
			kind, detail = "bad answer", fmt.Sprintf("%s %s: %v", method, path, err)
		}
	}
	ru.rec.request(label, took, answered, kind, detail)
	return a, kind == ""
}

// op runs one operation of kind k with the worker's random source r.
func (ru *runner) op(ctx context.Context, r *rand.Rand, k kind) {
	switch k {
	case kindSearchCursor:
		ru.cursorPage(ctx, r)
	case kindGet:
		ru.get(ctx, r)
	case kindCreate:
		ru.create(ctx, r)
	case kindPatch:
		ru.patch(ctx, r)
	case kindDeleteRestore:
		ru.deleteRestore(ctx, r)
	default:
		q := searchQuery(r, k, ru.d)
		ru.send(ctx, k.String(), http.MethodGet, hubsPath+"?"+q.Encode(), "", nil, nil, http.StatusOK, checkPage(nil))
	}
}

// pageDoc is the part of a search answer the soak reads.
type pageDoc struct {
	Content []json.RawMessage `json:"content"`
	Page    *struct {
		NextCursor string `json:"nextCursor"`
	} `json:"page"`
}

// checkPage checks that an answer is a page, and gives its nextCursor to next (if not nil).
func checkPage(next *string) func(answer) error {
	return func(a answer) error {
		var p pageDoc
		if err := json.Unmarshal(a.body, &p); err != nil {
			return fmt.Errorf("not a page: %w", err)
		}
		if p.Page == nil || p.Content == nil {
			return errors.New("a page without content or page")
		}
		if next != nil {
			*next = p.Page.NextCursor
		}
		return nil
	}
}

// cursorPage continues a chain of cursor pages, or starts one (when there is none waiting,
// and one time in eight anyway, so chains of every depth are in flight).
func (ru *runner) cursorPage(ctx context.Context, r *rand.Rand) {
	chain, ok := cursorChain{}, false
	if r.IntN(8) != 0 {
		chain, ok = ru.cursors.take(r)
	}
	if !ok {
		chain = cursorChain{base: cursorBase(r, ru.d)}
	}
	q := cursorQuery(r, chain.base, chain.cursor)
	var next string
	if _, ok := ru.send(ctx, kindSearchCursor.String(), http.MethodGet, hubsPath+"?"+q.Encode(), "", nil, nil,
		http.StatusOK, checkPage(&next)); ok && next != "" && chain.depth+1 < maxCursorDepth {
		ru.cursors.put(r, cursorChain{base: chain.base, cursor: next, depth: chain.depth + 1})
	}
}

// get reads a seeded hub, or one the soak created (one time in four, when there are some).
func (ru *runner) get(ctx context.Context, r *rand.Rand) {
	id := ""
	if r.IntN(4) == 0 {
		id = ru.hubs.randomID(r)
	}
	if id == "" {
		id = oneOf(r, ru.d.liveIDs)
	}
	ru.send(ctx, kindGet.String(), http.MethodGet, hubsPath+"/"+url.PathEscape(id), "", nil, nil, http.StatusOK,
		func(a answer) error { _, err := etagVersion(a.header); return err })
}

// create adds a hub with a unique name, half the time with an Idempotency-Key (a fresh one,
// so it is never a replay), and puts it in the pool for patches and deletes.
func (ru *runner) create(ctx context.Context, r *rand.Rand) {
	var header map[string]string
	if r.IntN(2) == 0 {
		header = map[string]string{"Idempotency-Key": uuid.NewString()}
	}
	var id string
	var version int64
	_, ok := ru.send(ctx, kindCreate.String(), http.MethodPost, hubsPath, mediaJSON,
		createBody(r, ru.runToken, ru.names.Add(1), ru.d), header, http.StatusCreated, func(a answer) error {
			var h struct {
				HubID string `json:"hubId"`
			}
			if err := json.Unmarshal(a.body, &h); err != nil || h.HubID == "" {
				return fmt.Errorf("no hubId in %.200s", a.body)
			}
			v, err := etagVersion(a.header)
			id, version = h.HubID, v
			return err
		})
	if ok {
		ru.hubs.add(id, version)
	}
}

// patch changes a hub the soak created and nobody else is writing, with If-Match (the version
// it knows, which is exact under the lease) half the time.
func (ru *runner) patch(ctx context.Context, r *rand.Rand) {
	h, version := ru.hubs.lease(r)
	if h == nil {
		ru.rec.substitute()
		ru.create(ctx, r)
		return
	}
	header := map[string]string{}
	if r.IntN(2) == 0 {
		header["If-Match"] = strconv.Quote(strconv.FormatInt(version, 10))
	}
	ctype := mediaPatch
	if r.IntN(4) == 0 {
		ctype = mediaJSON
	}
	newVersion := version
	_, ok := ru.send(ctx, kindPatch.String(), http.MethodPatch, hubsPath+"/"+h.id, ctype,
		patchBody(r, ru.runToken, ru.names.Add(1), ru.d), header, http.StatusOK, func(a answer) error {
			v, err := etagVersion(a.header)
			newVersion = v
			return err
		})
	ru.hubs.release(h, newVersion, !ok)
}

// deleteRestore deletes a hub the soak created (If-Match half the time) and restores it at
// once: the table does not fill up with deleted hubs, and every hub ends live.
func (ru *runner) deleteRestore(ctx context.Context, r *rand.Rand) {
	h, version := ru.hubs.lease(r)
	if h == nil {
		ru.rec.substitute()
		ru.create(ctx, r)
		return
	}
	header := map[string]string{}
	if r.IntN(2) == 0 {
		header["If-Match"] = strconv.Quote(strconv.FormatInt(version, 10))
	}
	if _, ok := ru.send(ctx, "delete", http.MethodDelete, hubsPath+"/"+h.id, "", nil, header, http.StatusNoContent, nil); !ok {
		ru.hubs.release(h, version, true)
		return
	}
	newVersion := version
	_, ok := ru.send(ctx, "restore", http.MethodPost, hubsPath+"/"+h.id+"/restore", "", nil, nil, http.StatusOK,
		func(a answer) error {
			v, err := etagVersion(a.header)
			newVersion = v
			return err
		})
	ru.hubs.release(h, newVersion, !ok)
}

// precreate creates n hubs before the load, unmeasured, so patches and deletes have hubs to
// work on from the first second.
func (ru *runner) precreate(ctx context.Context, r *rand.Rand, n int) error {
	for range n {
		body := createBody(r, ru.runToken, ru.names.Add(1), ru.d)
		a, err := ru.c.do(ctx, http.MethodPost, hubsPath, mediaJSON, body, nil)
		if err != nil {
			return fmt.Errorf("create a hub: %w", err)
		}
		var h struct {
			HubID string `json:"hubId"`
		}
		if a.status != http.StatusCreated || json.Unmarshal(a.body, &h) != nil {
			return fmt.Errorf("create a hub: %d %.300s", a.status, a.body)
		}
		v, err := etagVersion(a.header)
		if err != nil {
			return err
		}
		ru.hubs.add(h.HubID, v)
	}
	return nil
}
