package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/fundflow/fundflow/internal/browsertest"
)

// The explorer's view the issue names: cyber security's money in 2017-18.
const exploreCyber = "/explore?entity=cyber-security&year=2017-18"

// gqlMoney is an amount as the API states it.
type gqlMoney struct {
	Amount    *string `json:"amount"`
	Low       *string `json:"low"`
	High      *string `json:"high"`
	Formatted string  `json:"formatted"`
}

// apiQuery runs query against the server at base, as any client would, and
// decodes its data into out: the tests take their expected figures from
// the API, not from guesses.
func apiQuery(tb testing.TB, base, query string, vars map[string]any, out any) {
	tb.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		tb.Fatal(err)
	}
	res, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	var r struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
		tb.Fatal(err)
	}
	if len(r.Errors) > 0 {
		tb.Fatalf("query refused: %v", r.Errors)
	}
	if err := json.Unmarshal(r.Data, out); err != nil {
		tb.Fatal(err)
	}
}

// cyberFigures is what the bundled data holds for the cyber security view:
// the budget lines of the three programmes and the diversions into cyber
// security, with their first quotes.
type cyberFigures struct {
	BudgetLines struct {
		Nodes []struct {
			Programme struct{ ID, Name string } `json:"programme"`
			Planned   *gqlMoney                 `json:"planned"`
			Actual    *gqlMoney                 `json:"actual"`
		} `json:"nodes"`
	} `json:"budgetLines"`
	Diversions struct {
		Nodes []struct {
			ID        string                    `json:"id"`
			From      struct{ ID, Name string } `json:"from"`
			Amount    gqlMoney                  `json:"amount"`
			Citations []struct {
				Quote string `json:"quote"`
			} `json:"citations"`
		} `json:"nodes"`
	} `json:"diversions"`
}

func cyberData(tb testing.TB, base string) cyberFigures {
	tb.Helper()
	var f cyberFigures
	apiQuery(tb, base, `query ($p: [ID!]) {
	  budgetLines(year: "2017-18", where: { programme: $p }) {
	    nodes { programme { id name } planned { amount low high formatted } actual { amount low high formatted } }
	  }
	  diversions(to: "cyber-security", year: "2017-18") {
	    nodes { id from { id name } amount { amount low high formatted } citations { quote } }
	  }
	}`, map[string]any{"p": []string{"provider-digitisation", "wifi", "cyber-security"}}, &f)
	if len(f.BudgetLines.Nodes) < 3 || len(f.Diversions.Nodes) != 2 {
		tb.Fatalf("the bundled data changed: %d budget lines, %d diversions", len(f.BudgetLines.Nodes), len(f.Diversions.Nodes))
	}
	return f
}

// openExplorer opens path on a fresh page sized w×h and waits for the
// diagram.
func openExplorer(t *testing.T, base, path string, w, h int64) *browsertest.Page {
	t.Helper()
	b := browsertest.Start(t)
	p := b.Page(t, 60*time.Second)
	p.Do(
		chromedp.EmulateViewport(w, h),
		chromedp.Navigate(base+path),
		chromedp.WaitVisible(chromedp.CSS("svg.sankey .band")),
	)
	return p
}

// text is the text content of the element sel, or "" when there is none.
func text(p *browsertest.Page, sel string) string {
	return browsertest.Run(p, chromedp.Evaluate[string](`(document.querySelector(`+jsString(sel)+`)?.textContent ?? "")`))
}

func attr(p *browsertest.Page, sel, name string) string {
	return browsertest.Run(p, chromedp.Evaluate[string](`(document.querySelector(`+jsString(sel)+`)?.getAttribute(`+jsString(name)+`) ?? "")`))
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// bandPoint finds, in CSS pixels, a point of the page where the band of
// flow id is what a click hits: a point of the band's centre line that no
// label covers. It scrolls the band into view first.
const bandPoint = `(id) => {
  const g = document.querySelector('.band[data-flow="' + CSS.escape(id) + '"]');
  if (!g) return null;
  g.scrollIntoView({ block: 'center', inline: 'center' });
  const path = g.querySelector('.outline');
  const len = path.getTotalLength();
  const m = path.getScreenCTM();
  for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
    // The outline runs along the top edge, down, back along the bottom
    // edge and up: the top point at f and the bottom point facing it.
    const top = path.getPointAtLength(len * f * 0.5 * 0.98);
    const bottom = path.getPointAtLength(len * (1 - f * 0.5) * 0.98);
    const p = new DOMPoint((top.x + bottom.x) / 2, (top.y + bottom.y) / 2).matrixTransform(m);
    if (document.elementFromPoint(p.x, p.y)?.closest('.band') === g) return { X: p.x, Y: p.y };
  }
  return null;
}`

// clickBand clicks the band of flow id with the mouse, where the reader
// would.
func clickBand(t *testing.T, p *browsertest.Page, id string) {
	t.Helper()
	type point struct{ X, Y float64 }
	pt := browsertest.Run(p, chromedp.Evaluate[*point]("("+bandPoint+")("+jsString(id)+")"))
	if pt == nil {
		t.Fatalf("no point of band %s can be clicked", id)
	}
	p.Do(chromedp.MouseClickXY(pt.X, pt.Y))
}

// waitDetails waits until the details panel shows quote.
func waitDetails(p *browsertest.Page, quote string) {
	browsertest.Run(p, chromedp.Poll[bool](`[...document.querySelectorAll('#details .quote')].some(q => q.textContent === `+jsString(quote)+`)`))
}

// TestExploreCyberSecurity loads the explorer for cyber security in
// 2017-18 with other hosts blocked: the programmes are SVG nodes showing
// their budget lines' figures, the diversions are bands labelled with their
// stated amounts, and clicking a band shows its quotes.
func TestExploreCyberSecurity(t *testing.T) {
	base := browserServer(t, env())
	want := cyberData(t, base)
	p := openExplorer(t, base, exploreCyber, 1280, 800)

	for _, l := range want.BudgetLines.Nodes {
		sel := `svg.sankey .node[data-node="` + l.Programme.ID + `"]`
		if name := attr(p, sel, "aria-label"); !strings.HasPrefix(name, l.Programme.Name+" (programme)") {
			t.Errorf("node %s is labelled %q, want it to start with its name %q", l.Programme.ID, name, l.Programme.Name)
		}
		got := text(p, `svg.sankey .labels [data-label-for="`+l.Programme.ID+`"]`)
		for _, m := range []*gqlMoney{l.Planned, l.Actual} {
			if m != nil && !strings.Contains(got, m.Formatted) {
				t.Errorf("node %s reads %q, want its figure %q", l.Programme.ID, got, m.Formatted)
			}
		}
	}
	for _, d := range want.Diversions.Nodes {
		label := attr(p, `svg.sankey .band[data-flow="`+d.ID+`"]`, "aria-label")
		wantLabel := d.From.Name + " → Cyber security: " + d.Amount.Formatted
		if !strings.HasPrefix(label, wantLabel) {
			t.Errorf("band %s is labelled %q, want it to start %q", d.ID, label, wantLabel)
		}
		// Neither diversion states a point figure: each is drawn solid to
		// its low and hatched to its high.
		if d.Amount.Amount == nil && d.Amount.Low != nil && *d.Amount.Low != *d.Amount.High {
			if n := browsertest.Run(p, chromedp.Evaluate[int](`document.querySelectorAll('.band[data-flow="`+d.ID+`"] .margin').length`)); n != 1 {
				t.Errorf("band %s of uncertain amount %s has %d hatched margins, want 1", d.ID, d.Amount.Formatted, n)
			}
		}
	}

	d := want.Diversions.Nodes[0]
	clickBand(t, p, d.ID)
	for _, c := range d.Citations {
		waitDetails(p, c.Quote)
	}
	if got := text(p, "#details"); !strings.Contains(got, d.Amount.Formatted) || !strings.Contains(got, "HSJ") {
		t.Errorf("the details of %s read %q, want its amount and publisher", d.ID, got)
	}
	// Nothing missing may reach the reader as the words "null",
	// "undefined" or "NaN".
	for _, w := range []string{"null", "undefined", "NaN"} {
		if browsertest.Run(p, chromedp.Evaluate[bool](`/\b`+w+`\b/.test(document.body.innerText)`)) {
			t.Errorf("the page shows the word %q", w)
		}
	}
	img := p.Screenshot("explore-1280x800")
	browsertest.SizeIs(t, img, 1280, 800)
	p.AssertClean()
}

// TestExploreKeyboard reaches a band with Tab alone, opens it with Enter
// and closes it with Escape, which gives focus back to the band.
func TestExploreKeyboard(t *testing.T) {
	base := browserServer(t, env())
	p := openExplorer(t, base, exploreCyber, 1280, 800)
	const presses = 40
	for i := 0; ; i++ {
		if i == presses {
			t.Fatalf("no band took focus after %d presses of Tab", presses)
		}
		p.Do(chromedp.KeyEvent(kb.Tab))
		if browsertest.Run(p, chromedp.Evaluate[bool](`document.activeElement.classList.contains('band')`)) {
			break
		}
	}
	id := browsertest.Run(p, chromedp.Evaluate[string](`document.activeElement.dataset.flow`))
	// The focused band is drawn with a heavy outline, so a keyboard user
	// can see where they are.
	if w := browsertest.Run(p, chromedp.Evaluate[string](`getComputedStyle(document.activeElement.querySelector('.outline')).strokeWidth`)); w != "3px" {
		t.Errorf("the focused band's outline is %s wide, want the 3px focus outline", w)
	}
	var f struct {
		Flows struct {
			Nodes []struct {
				Citations []struct{ Quote string } `json:"citations"`
			} `json:"nodes"`
		} `json:"flows"`
	}
	apiQuery(t, base, `query ($id: ID!) { flows(where: { ids: [$id] }) { nodes { citations { quote } } } }`, map[string]any{"id": id}, &f)
	if len(f.Flows.Nodes) != 1 || len(f.Flows.Nodes[0].Citations) == 0 {
		t.Fatalf("the focused band %q is no cited flow: %+v", id, f)
	}
	p.Do(chromedp.KeyEvent(kb.Enter))
	waitDetails(p, f.Flows.Nodes[0].Citations[0].Quote)
	p.Do(chromedp.KeyEvent(kb.Escape))
	browsertest.Run(p, chromedp.Poll[bool](`document.getElementById('details').dataset.open === 'false' && document.activeElement.dataset.flow === `+jsString(id)))
	// Space opens it as well.
	p.Do(chromedp.KeyEvent(" "))
	waitDetails(p, f.Flows.Nodes[0].Citations[0].Quote)
	p.AssertClean()
}

// TestExplorePhone draws the explorer on a phone-sized screen: the page
// never scrolls sideways (the diagram scrolls in its own box), and the
// details panel stacks below the diagram.
func TestExplorePhone(t *testing.T) {
	base := browserServer(t, env())
	want := cyberData(t, base)
	p := openExplorer(t, base, exploreCyber, 390, 844)
	overflow := `Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth`
	if n := browsertest.Run(p, chromedp.Evaluate[int](overflow)); n > 0 {
		t.Errorf("the page is %dpx wider than the 390px screen", n)
	}
	img := p.Screenshot("explore-390x844")
	browsertest.SizeIs(t, img, 390, 844)

	d := want.Diversions.Nodes[1]
	clickBand(t, p, d.ID)
	waitDetails(p, d.Citations[0].Quote)
	below := `document.getElementById('details').getBoundingClientRect().top >= document.getElementById('diagram').getBoundingClientRect().bottom`
	if !browsertest.Run(p, chromedp.Evaluate[bool](below)) {
		t.Error("on a phone the details panel is not below the diagram")
	}
	if n := browsertest.Run(p, chromedp.Evaluate[int](overflow)); n > 0 {
		t.Errorf("with details open the page is %dpx wider than the 390px screen", n)
	}
	p.AssertClean()
}

// TestExploreHistory changes the year and the as-of date with the
// controls: each view has its own address, back returns to the one before,
// and a date before the July 2018 report leaves out the figures it gave.
func TestExploreHistory(t *testing.T) {
	base := browserServer(t, env())
	p := openExplorer(t, base, exploreCyber, 1280, 800)
	location := func() url.Values {
		loc := browsertest.Run(p, chromedp.Location())
		u, err := url.Parse(loc)
		if err != nil {
			t.Fatal(err)
		}
		return u.Query()
	}
	const diversion = `.band[data-flow="provider-digitisation-to-cyber-security-2017-18"]`

	p.Do(chromedp.SetValue(chromedp.CSS("#asOf"), "2018-01-31"))
	browsertest.Run(p, chromedp.Evaluate[bool](`document.getElementById('asOf').dispatchEvent(new Event('change')), true`))
	browsertest.Run(p, chromedp.Poll[bool](`document.querySelector('.message').textContent !== 'Loading…'`))
	if q := location(); q.Get("asOf") != "2018-01-31" || q.Get("entity") != "cyber-security" {
		t.Errorf("after choosing an as-of date the address says %v", q)
	}
	if n := browsertest.Run(p, chromedp.Evaluate[int](`document.querySelectorAll('`+diversion+`').length`)); n != 0 {
		t.Error("as known on 2018-01-31 the view still draws the diversion HSJ reported in July 2018")
	}

	p.Do(chromedp.NavigateBack())
	browsertest.Run(p, chromedp.Poll[bool](`document.querySelectorAll('`+diversion+`').length === 1`))
	if q := location(); q.Get("asOf") != "" {
		t.Errorf("back should return to the view known today, the address says %v", q)
	}
	if v := browsertest.Run(p, chromedp.Value(chromedp.CSS("#asOf"))); v != "" {
		t.Errorf("back left the as-of field at %q", v)
	}
	p.AssertClean()
}

// TestExploreQueryLinks checks that every figure's link opens in GraphiQL
// the query that produced it: run again, it answers with that figure.
// In production, where there is no GraphiQL, the links are hidden.
func TestExploreQueryLinks(t *testing.T) {
	base := browserServer(t, env())
	p := openExplorer(t, base, exploreCyber, 1280, 800)
	type row struct{ Flow, Href string }
	rows := browsertest.Run(p, chromedp.Evaluate[[]row](`[...document.querySelectorAll('.figures tr[data-flow]')].map(r => ({Flow: r.dataset.flow, Href: r.querySelector('a.query-link')?.getAttribute('href') ?? ''}))`))
	bands := browsertest.Run(p, chromedp.Evaluate[int](`document.querySelectorAll('svg.sankey .band').length`))
	if len(rows) == 0 || len(rows) != bands {
		t.Fatalf("%d rows in the table of figures for %d bands", len(rows), bands)
	}
	for _, r := range rows {
		u, err := url.Parse(r.Href)
		if err != nil || u.Path != "/" {
			t.Fatalf("flow %s links to %q, want GraphiQL at /", r.Flow, r.Href)
		}
		var vars map[string]any
		if err := json.Unmarshal([]byte(u.Query().Get("variables")), &vars); err != nil {
			t.Fatalf("flow %s: the link's variables: %v", r.Flow, err)
		}
		var got struct {
			Flows struct {
				Nodes []struct{ ID string } `json:"nodes"`
			} `json:"flows"`
		}
		apiQuery(t, base, u.Query().Get("query"), vars, &got)
		found := false
		for _, n := range got.Flows.Nodes {
			found = found || n.ID == r.Flow
		}
		if !found {
			t.Errorf("the query linked from flow %s does not return it", r.Flow)
		}
	}
	p.AssertClean()

	prod := browserServer(t, env("FUNDFLOW_MODE", "production"))
	pp := openExplorer(t, prod, exploreCyber, 1280, 800)
	if n := browsertest.Run(pp, chromedp.Evaluate[int](`document.querySelectorAll('a.query-link, a.playground').length`)); n != 0 {
		t.Errorf("in production mode the page shows %d links to GraphiQL, which is not served", n)
	}
	pp.AssertClean()
}

// TestExploreModules runs the explorer's own unit tests (web/ui/test, for
// its pure modules: money and model) in Node's test runner. Like the
// browser tests it is mandatory under CI=true and skips without node.
func TestExploreModules(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("no node found: CI=true needs it for the explorer's unit tests")
		}
		t.Skip("explorer unit tests skipped: no node on the PATH (mandatory under CI=true)")
	}
	files, err := filepath.Glob(filepath.Join("web", "ui", "test", "*.test.js"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no unit tests found in web/ui/test: %v", err)
	}
	cmd := exec.Command(node, append([]string{"--test"}, files...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, out)
	}
	if !bytes.Contains(out, []byte("# fail 0")) {
		t.Fatalf("node --test reported failures:\n%s", out)
	}
}

// TestExploreAccountsDiffer opens a node and a band whose accounts differ
// or repeat: the cyber security node shows both sources' claims about its
// 2017-18 spending, and the fund's allocation shows the budget line that
// records the same money, with the link that says so.
func TestExploreAccountsDiffer(t *testing.T) {
	base := browserServer(t, env())
	var want struct {
		Disagreements []struct {
			Claims []struct {
				Quote   string `json:"quote"`
				Amount  gqlMoney
				Source  struct{ Title string }
				Publish string `json:"published"`
			} `json:"claims"`
		} `json:"disagreements"`
		Totals []struct {
			Links []struct {
				Kind   string   `json:"kind"`
				Claims []string `json:"claims"`
				Note   string   `json:"note"`
			} `json:"links"`
		} `json:"totals"`
	}
	apiQuery(t, base, `{
	  disagreements(entity: "cyber-security", year: "2017-18") { claims { quote published amount { formatted } source { title } } }
	  totals(groupBy: [YEAR], where: { from: ["phc-2020"], to: ["cyber-security"], year: "2017-18" }) { links { kind claims note } }
	}`, nil, &want)
	if len(want.Disagreements) == 0 || len(want.Disagreements[0].Claims) < 2 {
		t.Fatalf("the bundled data no longer has two accounts of cyber security's 2017-18 spending: %+v", want.Disagreements)
	}
	p := openExplorer(t, base, exploreCyber, 1280, 800)

	p.Do(chromedp.Click(chromedp.CSS(`.node[data-node="cyber-security"] rect`)))
	for _, c := range want.Disagreements[0].Claims {
		browsertest.Run(p, chromedp.Poll[bool](`[...document.querySelectorAll('#details .disagreements .quote')].some(q => q.textContent === `+jsString(c.Quote)+`)`))
		got := text(p, "#details .disagreements")
		for _, s := range []string{c.Amount.Formatted, c.Source.Title, c.Publish} {
			if !strings.Contains(got, s) {
				t.Errorf("the disagreement shown lacks %q: %q", s, got)
			}
		}
	}

	var same string
	for _, tot := range want.Totals {
		for _, l := range tot.Links {
			if l.Kind == "SAME" {
				same = l.Note
			}
		}
	}
	if same == "" {
		t.Fatal("the bundled data no longer links the allocation to cyber security with its budget line")
	}
	clickBand(t, p, "phc-2020-to-cyber-security-2017-18")
	browsertest.Run(p, chromedp.Poll[bool](`document.querySelector('#details .same')?.textContent.includes('cyber-security-2017-18:planned')`))
	if got := text(p, "#details"); !strings.Contains(got, same) {
		t.Errorf("the allocation's details lack the link saying it is the same money (%q): %q", same, got)
	}
	p.AssertClean()
}

// TestExploreUnknownEntity opens the explorer for an id that names
// nothing: the page says so, in words, and draws nothing.
func TestExploreUnknownEntity(t *testing.T) {
	base := browserServer(t, env())
	b := browsertest.Start(t)
	p := b.Page(t, 60*time.Second)
	p.Do(
		chromedp.Navigate(base+"/explore?entity=no-such-entity&year=2017-18"),
		chromedp.WaitVisible(chromedp.CSS(`.message[role="alert"]`)),
	)
	if got := text(p, ".message"); !strings.Contains(got, "no-such-entity") {
		t.Errorf("the page says %q, want it to name the unknown id", got)
	}
	if n := browsertest.Run(p, chromedp.Evaluate[int](`document.querySelectorAll('svg.sankey').length`)); n != 0 {
		t.Errorf("the page drew %d diagrams for an unknown id", n)
	}
	p.AssertClean()
}
