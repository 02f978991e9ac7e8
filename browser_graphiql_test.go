package main

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/fundflow/fundflow/examples"
	"github.com/fundflow/fundflow/internal/browsertest"
)

// The browser tests of GraphiQL at /. Each loads the page with every host
// but 127.0.0.1 blocked, as on a machine with no network, so whatever
// GraphiQL draws and fetches comes from the binary. Screenshots are saved at
// 1280×800 (browsertest.ArtefactsDir).

const viewportW, viewportH = 1280, 800

// openGraphiQL serves the bundled data, opens / at 1280×800 and waits for
// GraphiQL to draw.
func openGraphiQL(t *testing.T) *browsertest.Page {
	t.Helper()
	b := browsertest.Start(t)
	base := browserServer(t, env())
	p := b.Page(t, 90*time.Second)
	p.Do(
		chromedp.EmulateViewport(viewportW, viewportH),
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS(".graphiql-container")),
	)
	return p
}

// screenshot saves the viewport as the artefact name, 1280×800.
func screenshot(t *testing.T, p *browsertest.Page, name string) {
	t.Helper()
	browsertest.SizeIs(t, p.Screenshot(name), viewportW, viewportH)
}

// waitSchema waits for the element sel, which GraphiQL draws only with the
// schema its introspection query fetched, and fails the test at once if
// GraphiQL shows that query's error (in the result pane) instead.
func waitSchema(t *testing.T, p *browsertest.Page, sel string) {
	t.Helper()
	js := `(() => {
		const r = document.querySelector('.graphiql-response')?.innerText || '';
		if (r.includes('"errors"')) return r;
		const e = document.querySelector('.graphiql-doc-explorer-error');
		if (e) return e.textContent;
		return document.querySelector(` + strconv.Quote(sel) + `) ? 'ok' : false;
	})()`
	if got := browsertest.Run(p, chromedp.Poll[string](js)); got != "ok" {
		t.Fatalf("GraphiQL could not fetch the schema:\n%s", got)
	}
}

var operationName = regexp.MustCompile(`(?m)^query (\w+)`)

// TestGraphiQLOffline: GraphiQL draws from the binary's assets alone and
// opens the nine questions as tabs, named by their operations, in order.
func TestGraphiQLOffline(t *testing.T) {
	p := openGraphiQL(t)
	var want []string
	for _, ex := range examples.All() {
		m := operationName.FindStringSubmatch(ex.Query)
		if m == nil {
			t.Fatalf("%s names no query operation", ex.Name)
		}
		want = append(want, m[1])
	}
	if len(want) != 9 {
		t.Fatalf("%d examples, want the nine questions", len(want))
	}
	got := browsertest.Run(p, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('.graphiql-tab .graphiql-tab-button')].map(b => b.textContent.trim())`))
	if !slices.Equal(got, want) {
		t.Errorf("tabs %q, want %q", got, want)
	}
	screenshot(t, p, "graphiql-tabs")
	p.AssertClean()
}

// TestGraphiQLRunsTab1 runs the first question and finds its answer, with
// the schema's own introspection having passed the limits (GraphiQL shows a
// failed introspection in the result pane).
func TestGraphiQLRunsTab1(t *testing.T) {
	p := openGraphiQL(t)
	p.Do(chromedp.Click(chromedp.CSS(".graphiql-execute-button")))
	shown := browsertest.Run(p, chromedp.Poll[string](
		`(t => t.includes('Provider digitisation') && t)(document.querySelector('.graphiql-response').innerText)`))
	for _, want := range []string{`"totalCount": 2`, `"name": "Provider digitisation"`, `"high": "81000000"`, `"status": "REPORTED"`} {
		if !strings.Contains(shown, want) {
			t.Errorf("the result shows no %s:\n%s", want, shown)
		}
	}
	if strings.Contains(shown, `"errors"`) {
		t.Errorf("the result shows errors:\n%s", shown)
	}
	screenshot(t, p, "graphiql-tab1")
	p.AssertClean()
}

// TestGraphiQLDocs opens the docs explorer, which GraphiQL fills from its
// introspection query, and follows Query to diversions and its arguments.
func TestGraphiQLDocs(t *testing.T) {
	p := openGraphiQL(t)
	p.Do(
		chromedp.Click(chromedp.CSS(`[aria-label="Show Documentation Explorer"]`)),
	)
	waitSchema(t, p, ".graphiql-doc-explorer-root-type")
	p.Do(
		chromedp.Click(chromedp.Search(`//a[contains(@class, "graphiql-doc-explorer-type-name")][text()="Query"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.graphiql-doc-explorer-field-name`)),
	)
	fields := browsertest.Run(p, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('.graphiql-doc-explorer-field-name')].map(a => a.textContent)`))
	if !slices.Contains(fields, "diversions") {
		t.Fatalf("Query's fields in the docs: %q, want diversions", fields)
	}
	p.Do(
		chromedp.Click(chromedp.Search(`//a[contains(@class, "graphiql-doc-explorer-field-name")][text()="diversions"]`)),
		chromedp.Poll[chromedp.Void](`document.querySelector('.graphiql-doc-explorer-title')?.textContent === 'diversions'`),
	)
	page := browsertest.Run(p, chromedp.Text(chromedp.CSS(".graphiql-doc-explorer")))
	for _, want := range []string{"Money moved from one programme or fund to another", "year", "FlowFilter", "Only this financial year"} {
		if !strings.Contains(page, want) {
			t.Errorf("the docs for diversions lack %q:\n%s", want, page)
		}
	}
	// The explorer kept Query's scroll position; show the field's title.
	p.Do(chromedp.ScrollIntoView(chromedp.CSS(".graphiql-doc-explorer-title")))
	screenshot(t, p, "graphiql-docs-diversions")
	p.AssertClean()
}

// codeMirror is the query editor's CodeMirror instance, in JavaScript.
const codeMirror = `document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror`

// TestGraphiQLAutocomplete types the start of a field in a new tab and
// finds the field among GraphiQL's hints, which Enter takes: the schema
// from introspection reached the editor.
func TestGraphiQLAutocomplete(t *testing.T) {
	p := openGraphiQL(t)
	editor := chromedp.CSS(".graphiql-query-editor .CodeMirror textarea")
	p.Do(
		chromedp.Click(chromedp.CSS(".graphiql-tab-add")),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('.graphiql-tab').length === 10`),
		// The new tab's text is GraphiQL's welcome comment; start empty.
		chromedp.Evaluate[chromedp.Void](codeMirror+`.setValue('')`),
		chromedp.Focus(editor),
		chromedp.SendKeys(editor, "{ dive"),
	)
	waitSchema(t, p, ".CodeMirror-hints .CodeMirror-hint")
	hints := browsertest.Run(p, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('.CodeMirror-hints .CodeMirror-hint')].map(h => h.textContent)`))
	if !slices.Contains(hints, "diversions") {
		t.Errorf("hints %q, want diversions", hints)
	}
	screenshot(t, p, "graphiql-autocomplete")
	// Enter takes the hint.
	p.Do(chromedp.KeyEvent(kb.Enter), chromedp.WaitNotPresent(chromedp.CSS(".CodeMirror-hints")))
	if text := browsertest.Run(p, chromedp.Evaluate[string](codeMirror+`.getValue()`)); !strings.HasPrefix(text, "{ diversions") {
		t.Errorf("after Enter the editor holds %q, want the field completed", text)
	}
	p.AssertClean()
}

// TestGraphiQLOpensLinkedQuery follows a link like the flow explorer's
// ("/?query=...&variables=...") after GraphiQL has saved its tabs, as it
// does on every visit: the linked query must open as the active tab, not be
// hidden behind the saved ones.
func TestGraphiQLOpensLinkedQuery(t *testing.T) {
	p := openGraphiQL(t)
	base := browsertest.Run(p, chromedp.Evaluate[string](`location.origin`))
	query := "query Linked($id: ID!) { node(id: $id) { id ... on Entity { name } } }"
	link := base + "/?query=" + url.QueryEscape(query) + "&variables=" + url.QueryEscape(`{"id":"cyber-security"}`)
	p.Do(
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.CSS(".graphiql-container")),
	)
	if got := browsertest.Run(p, chromedp.Evaluate[string](codeMirror+`.getValue()`)); got != query {
		t.Fatalf("the active tab holds %q, want the linked query %q", got, query)
	}
	p.Do(chromedp.Click(chromedp.CSS(".graphiql-execute-button")))
	shown := browsertest.Run(p, chromedp.Poll[string](
		`(t => (t.includes('"data"') || t.includes('"errors"')) && t)(document.querySelector('.graphiql-response').innerText)`))
	if !strings.Contains(shown, `"name": "Cyber security"`) || strings.Contains(shown, `"errors"`) {
		t.Errorf("the linked query, with its variables, answered:\n%s", shown)
	}
	// The nine questions are still there, after the linked tab.
	if n := browsertest.Run(p, chromedp.Evaluate[int](`document.querySelectorAll('.graphiql-tab').length`)); n < 10 {
		t.Errorf("%d tabs, want the linked query and the nine questions", n)
	}
	screenshot(t, p, "graphiql-linked-query")
	p.AssertClean()
}
