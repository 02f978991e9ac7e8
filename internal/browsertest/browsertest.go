// Package browsertest runs the pages' tests in a real headless Chromium
// (Debian's chromium), driven over the DevTools protocol by chromedp.
//
// Every page a test opens may reach 127.0.0.1 and nothing else: the browser
// resolves no other host, and each request to another host is failed and
// recorded, so a test can assert that a page works offline and asks for
// nothing outside the server. Uncaught exceptions and console errors are
// recorded too. Screenshots are saved as test artefacts.
//
// The tests are mandatory under CI=true (a missing Chromium fails them) and
// skip with a message elsewhere.
package browsertest

import (
	"context"
	"fmt"
	"iter"
	"net/url"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Browser is one headless Chromium with a fresh profile, ended when the
// test that started it ends.
type Browser struct {
	ctx context.Context
}

// binary finds Chromium: $CHROMIUM, else Debian's chromium on the PATH.
func binary() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Start starts Chromium for tb. Without one it skips, or fails under
// CI=true, where the browser tests must run.
func Start(tb testing.TB) *Browser {
	tb.Helper()
	bin := binary()
	if bin == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal("no Chromium found: CI=true needs it for the browser tests (.ci/run installs Debian's chromium)")
		}
		tb.Skip("browser test skipped: no Chromium found (install Debian's chromium, or set CHROMIUM; mandatory under CI=true)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// No host but the test server's resolves: a page that reached for a
		// CDN fails here as it would on a machine with no network.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.WindowSize(1280, 800),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		tb.Fatalf("start %s: %v", bin, err)
	}
	tb.Cleanup(func() { cancel(); cancelAlloc() })
	return &Browser{ctx: ctx}
}

// Page is one browser tab and what happened in it.
type Page struct {
	// Ctx runs chromedp actions in the tab, bounded by the test's budget.
	Ctx context.Context
	tb  testing.TB

	mu       sync.Mutex
	blocked  []string
	problems []string
}

// Page opens a new tab whose requests to hosts other than 127.0.0.1 are
// failed and recorded. Every action in it must finish within timeout.
func (b *Browser) Page(tb testing.TB, timeout time.Duration) *Page {
	tb.Helper()
	tabCtx, cancelTab := chromedp.NewContext(b.ctx)
	if err := chromedp.Do(tabCtx); err != nil {
		cancelTab()
		tb.Fatalf("open a tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(tabCtx, timeout)
	tb.Cleanup(func() { cancel(); cancelTab() })
	p := &Page{Ctx: ctx, tb: tb}
	// Subscribe before enabling interception, so no paused request is missed.
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	console := chromedp.Console(ctx)
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{}); err != nil {
		tb.Fatalf("intercept the tab's requests: %v", err)
	}
	go p.intercept(paused)
	go p.watch(console)
	return p
}

// intercept lets requests to 127.0.0.1 through and fails the rest.
func (p *Page) intercept(paused iter.Seq2[fetch.EventRequestPaused, error]) {
	for ev, err := range paused {
		if err != nil {
			return
		}
		if local(ev.Request.URL) {
			_, _ = chromedp.Call(p.Ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
			continue
		}
		p.mu.Lock()
		p.blocked = append(p.blocked, ev.Request.URL)
		p.mu.Unlock()
		_, _ = chromedp.Call(p.Ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
	}
}

// watch records uncaught exceptions and console errors.
func (p *Page) watch(console iter.Seq2[chromedp.ConsoleMessage, error]) {
	for m, err := range console {
		if err != nil {
			return
		}
		if m.IsException() || m.Type == chromedp.ConsoleError {
			p.mu.Lock()
			p.problems = append(p.problems, fmt.Sprintf("%s %s:%d: %s", m.Type, m.URL, m.Line+1, m.Text))
			p.mu.Unlock()
		}
	}
}

// local reports whether u is on the loopback address the test server uses
// (data: and blob: URLs never leave the browser).
func local(u string) bool {
	pu, err := url.Parse(u)
	if err != nil {
		return false
	}
	switch pu.Scheme {
	case "data", "blob", "about":
		return true
	}
	return pu.Hostname() == "127.0.0.1"
}

// Blocked is every request the page made to another host.
func (p *Page) Blocked() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.blocked...)
}

// Problems is every uncaught exception and console error so far.
func (p *Page) Problems() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.problems...)
}

// Do runs steps in the tab, failing the test if any fails.
func (p *Page) Do(steps ...chromedp.Action[chromedp.Void]) {
	p.tb.Helper()
	if err := chromedp.Do(p.Ctx, steps...); err != nil {
		p.fail(err)
	}
}

// Run runs one action in the tab and returns its value, failing the test if
// it fails.
func Run[T any](p *Page, a chromedp.Action[T]) T {
	p.tb.Helper()
	v, err := chromedp.Run(p.Ctx, a)
	if err != nil {
		p.fail(err)
	}
	return v
}

func (p *Page) fail(err error) {
	p.tb.Helper()
	p.tb.Fatalf("browser: %v\nexceptions and console errors: %q\nblocked requests: %q", err, p.Problems(), p.Blocked())
}

// AssertClean fails the test if the page asked another host for anything,
// threw, or logged an error.
func (p *Page) AssertClean() {
	p.tb.Helper()
	if b := p.Blocked(); len(b) > 0 {
		p.tb.Errorf("the page asked other hosts for %d resources: %q", len(b), b)
	}
	if pr := p.Problems(); len(pr) > 0 {
		p.tb.Errorf("the page reported %d problems: %q", len(pr), pr)
	}
}
