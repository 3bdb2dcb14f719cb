package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The browser tests drive the console in headless Chromium (Debian's chromium package) against
// the real binary on its embedded PostgreSQL. Every wait has a timeout: a console that does not
// follow the DOM contract fails the test with what it waited for, and a screenshot of that
// moment, instead of hanging it.

// chromiumInstall is what the failure says when there is no browser: the tests never skip.
const chromiumInstall = "the console's browser tests need Chromium and found none (chromium, chromium-browser " +
	"on PATH, or $HUBD_CHROMIUM): install Debian's chromium package: `make chromium` " +
	"(apt-get install chromium)"

// axePath is axe-core as the console vendors it (make web-vendor), from the test's directory.
var axePath = filepath.Join("..", "..", "internal", "interfaces", "console", "third_party", "axe-core", "axe.min.js")

// waitFor bounds every wait for the console; a step of the console is a request or two.
const waitFor = 15 * time.Second

// chromiumPath finds the browser or fails the test saying what to install.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("HUBD_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal(chromiumInstall)
	return ""
}

// browser is one headless Chromium for a whole test; each tab gets a browser context of its
// own, so tabs share no session storage (each is a person signed in on their own).
type browser struct {
	ctx  context.Context // the first tab's, which owns the browser process
	axe  string
	base string // the console's server, e.g. http://127.0.0.1:41234
}

// startBrowser starts Chromium (headless, no sandbox: the tests run as root, no GPU, a fixed
// 1280x900 window); it ends with the test.
func startBrowser(t *testing.T, base string) *browser {
	t.Helper()
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatalf("axe-core is not vendored at %s (make web-vendor): %v", axePath, err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.WindowSize(1280, 900))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	start, stop := context.WithTimeout(ctx, 60*time.Second)
	defer stop()
	// The first Run starts the browser; its context must outlive this call, so the timeout is
	// on a child of it.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](`1`)); err != nil || start.Err() != nil {
		t.Fatalf("start %s: %v (%s)", chromiumPath(t), err, chromiumInstall)
	}
	return &browser{ctx: ctx, axe: string(axe), base: base}
}

// tab is one page of the console in a browser context of its own, collecting its console
// errors and uncaught exceptions; a test fails on any of them when it ends.
type tab struct {
	t    *testing.T
	b    *browser
	name string
	ctx  context.Context

	mu   sync.Mutex
	errs []string
}

// newTab opens a tab named name (it names the screenshots) in a new browser context.
func (b *browser) newTab(t *testing.T, name string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	tb := &tab{t: t, b: b, name: name, ctx: ctx}
	t.Cleanup(cancel)
	if err := chromedp.Listen(ctx, tb.event); err != nil {
		t.Fatalf("listen to the tab's events: %v", err)
	}
	t.Cleanup(tb.checkNoErrors) // runs before cancel: cleanups run last first
	return tb
}

// event keeps what counts as a console error: console.error, an uncaught exception, and the
// browser's own error entries (a refused inline style under the CSP, say), but not the network
// entries of answers the console expects (a 412, a 404 of a probe) and handles.
func (tb *tab) event(ev any) {
	var msg string
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type != runtime.ConsoleAPICalledTypeError {
			return
		}
		var parts []string
		for _, a := range e.Args {
			var str string
			switch {
			case a.Description != "":
				parts = append(parts, a.Description)
			case json.Unmarshal(a.Value, &str) == nil: // a string argument, without its quotes
				parts = append(parts, str)
			default:
				parts = append(parts, string(a.Value))
			}
		}
		msg = "console.error: " + strings.Join(parts, " ")
	case *runtime.EventExceptionThrown:
		msg = "uncaught: " + (&chromedp.ExceptionError{ExceptionDetails: e.ExceptionDetails}).Error()
	case *log.EventEntryAdded:
		if e.Entry.Level != log.EntryLevelError || e.Entry.Source == log.EntrySourceNetwork {
			return
		}
		msg = fmt.Sprintf("%s: %s (%s)", e.Entry.Source, e.Entry.Text, e.Entry.URL)
	default:
		return
	}
	tb.mu.Lock()
	tb.errs = append(tb.errs, msg)
	tb.mu.Unlock()
}

func (tb *tab) checkNoErrors() {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, e := range tb.errs {
		tb.t.Errorf("tab %s: %s", tb.name, e)
	}
}

// run runs actions within waitFor; on failure it saves a screenshot and fails the test with
// what it was doing.
func (tb *tab) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, waitFor)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.fail(what, err)
	}
}

// fail saves a screenshot of the moment, with the console's #status, and stops the test.
func (tb *tab) fail(what string, err error) {
	tb.t.Helper()
	path := tb.screenshot("failed")
	ctx, cancel := context.WithTimeout(tb.ctx, 2*time.Second)
	defer cancel()
	st, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('#status')||{}).textContent||''`))
	loc, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash`))
	tb.t.Fatalf("tab %s at %s: %s: %v\n#status: %q\nscreenshot: %s", tb.name, loc, what, err, st, path)
}

// open loads the console at hash (e.g. "#/hubs") as a fresh page.
func (tb *tab) open(hash string) {
	tb.t.Helper()
	tb.run("open /console/"+hash, chromedp.Navigate(tb.b.base+"/console/"+hash))
}

// waitJS waits until the JavaScript expression is truthy; what says what it means.
func (tb *tab) waitJS(what, expr string) {
	tb.t.Helper()
	tb.run("wait until "+what+" ("+expr+")",
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(50*time.Millisecond),
				chromedp.WithPollingTimeout(waitFor))(ctx, t)
			return err
		}))
}

// evalJS evaluates expr in the page (awaiting a promise) and decodes its value into a T.
func evalJS[T any](tb *tab, what, expr string) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, waitFor)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.fail(what, err)
	}
	return v
}

// set gives the control sel a value (a select's option value, an input's text) as a person's
// typing would end: the value, then input and change events.
func (tb *tab) set(sel, value string) {
	tb.t.Helper()
	tb.waitJS(sel+" is there", fmt.Sprintf(`document.querySelector(%q)`, sel))
	expr := fmt.Sprintf(`(() => { const el = document.querySelector(%q); el.focus(); el.value = %q;
		el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true}));
		return el.value; })()`, sel, value)
	if got := evalJS[string](tb, "set "+sel, expr); got != value {
		tb.fail("set "+sel, fmt.Errorf("its value is %q after setting %q (no such option?)", got, value))
	}
}

// click clicks sel (a real mouse click, on the element once it is visible).
func (tb *tab) click(sel string) {
	tb.t.Helper()
	tb.run("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// count is how many elements match sel.
func (tb *tab) count(sel string) int {
	tb.t.Helper()
	return evalJS[int](tb, "count "+sel, fmt.Sprintf(`document.querySelectorAll(%q).length`, sel))
}

// attrs is the attribute name of every element matching sel, in document order.
func (tb *tab) attrs(sel, name string) []string {
	tb.t.Helper()
	return evalJS[[]string](tb, "read "+name+" of "+sel,
		fmt.Sprintf(`[...document.querySelectorAll(%q)].map(e => e.getAttribute(%q))`, sel, name))
}

// screenshot saves a full-page PNG of the tab under the test's artifact directory (kept with
// go test -artifacts -outputdir DIR) and logs its path.
func (tb *tab) screenshot(name string) string {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, waitFor)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.t.Errorf("screenshot %s: %v", name, err)
		return ""
	}
	path := filepath.Join(tb.t.ArtifactDir(), tb.name+"-"+name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tb.t.Errorf("screenshot %s: %v", name, err)
		return ""
	}
	tb.t.Logf("screenshot: %s", path)
	return path
}

// axeViolation is one rule that axe-core found broken.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// checkAccessibility saves the view's screenshot and fails the test on any serious or critical
// violation that axe-core finds in the page as it stands.
func (tb *tab) checkAccessibility(view string) {
	tb.t.Helper()
	tb.screenshot(view)
	for _, v := range tb.axeViolations(view) {
		tb.t.Errorf("axe-core on %s (%s): %s", view, tb.name, v)
	}
}

// axeViolations injects axe-core into the page (once) and runs it: the serious and critical
// violations, each as "impact rule-id: help at targets".
func (tb *tab) axeViolations(view string) []string {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](
		"if (!window.axe) {\n"+tb.b.axe+"\n}", chromedp.EvalIgnoreExceptions)); err != nil {
		tb.fail("inject axe-core", err)
	}
	var violations []axeViolation
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	if err == nil {
		err = json.Unmarshal([]byte(raw), &violations)
	}
	if err != nil {
		tb.fail("run axe-core on "+view, err)
	}
	var out []string
	for _, v := range violations {
		if v.Impact != "serious" && v.Impact != "critical" {
			continue
		}
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target...))
		}
		out = append(out, fmt.Sprintf("%s %s: %s at %s", v.Impact, v.ID, v.Help, strings.Join(where, ", ")))
	}
	return out
}

// takeErrors returns the console errors seen so far and forgets them.
func (tb *tab) takeErrors() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	errs := tb.errs
	tb.errs = nil
	return errs
}

// consoleAPI calls the API as the tests' reference for what the console shows.
type consoleAPI struct {
	t     *testing.T
	base  string
	token string
}

// call sends method path with body (JSON, or nil) and decodes a 2xx answer into out (may be nil).
func (a consoleAPI) call(method, path string, body any, out any, headers ...string) http.Header {
	a.t.Helper()
	code, h, data := a.send(method, path, body, headers...)
	if code/100 != 2 {
		a.t.Fatalf("%s %s: %d %s", method, path, code, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			a.t.Fatalf("%s %s: %v\n%s", method, path, err, data)
		}
	}
	return h
}

// send sends method path with body (JSON, or nil) and answers the status, headers and body,
// whatever the status.
func (a consoleAPI) send(method, path string, body any, headers ...string) (int, http.Header, []byte) {
	a.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			a.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, rd)
	if err != nil {
		a.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer func() { _ = res.Body.Close() }()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		a.t.Fatalf("%s %s: read the answer: %v", method, path, err)
	}
	return res.StatusCode, res.Header, data
}

// devToken mints a token through POST /dev/token, the console's own sign-in.
func devToken(t *testing.T, base, role, sub string) string {
	t.Helper()
	body := map[string]string{"role": role}
	if sub != "" {
		body["sub"] = sub
	}
	var got struct {
		Token string `json:"token"`
	}
	consoleAPI{t: t, base: base}.call("POST", "/dev/token", body, &got)
	return got.Token
}
