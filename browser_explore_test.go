package main

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/fundflow/fundflow/internal/browsertest"
)

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

// TestExploreHistory changes the as-of date and the year with the
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

	p.Do(chromedp.SetValue(chromedp.CSS("#year"), "2016-17"))
	browsertest.Run(p, chromedp.Evaluate[bool](`document.getElementById('year').dispatchEvent(new Event('change')), true`))
	browsertest.Run(p, chromedp.Poll[bool](`document.querySelector('#view-title').textContent.includes('2016-17') && document.querySelector('.message').textContent !== 'Loading…'`))
	if q := location(); q.Get("year") != "2016-17" {
		t.Errorf("after choosing 2016-17 the address says %v", q)
	}
	if n := browsertest.Run(p, chromedp.Evaluate[int](`document.querySelectorAll('`+diversion+`').length`)); n != 0 {
		t.Error("the 2016-17 view draws a 2017-18 diversion")
	}
	p.Do(chromedp.NavigateBack())
	browsertest.Run(p, chromedp.Poll[bool](`document.querySelectorAll('`+diversion+`').length === 1`))
	if v := browsertest.Run(p, chromedp.Value(chromedp.CSS("#year"))); v != "2017-18" {
		t.Errorf("back left the year selector at %q", v)
	}
	p.Do(chromedp.NavigateForward())
	browsertest.Run(p, chromedp.Poll[bool](`document.querySelector('#year').value === '2016-17' && document.querySelectorAll('`+diversion+`').length === 0`))
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
	browsertest.Run(p, chromedp.Poll[bool](`document.querySelector('#details .same')?.textContent.includes('the planned figure of budget line cyber-security-2017-18')`))
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

// TestExploreLateAnswerDropped opens one band, then another before the
// first band's details have arrived: the first answer, arriving last, must
// not replace the second band's details.
func TestExploreLateAnswerDropped(t *testing.T) {
	base := browserServer(t, env())
	want := cyberData(t, base)
	if len(want.Diversions.Nodes) < 2 {
		t.Fatalf("%d diversions into cyber security, want two bands to open", len(want.Diversions.Nodes))
	}
	first, second := want.Diversions.Nodes[0], want.Diversions.Nodes[1]
	var onlyFirst string
	for _, c := range first.Citations {
		if !slices.ContainsFunc(second.Citations, func(s struct {
			Quote string `json:"quote"`
		}) bool {
			return s.Quote == c.Quote
		}) {
			onlyFirst = c.Quote
		}
	}
	if onlyFirst == "" {
		t.Fatalf("every quote of %s is also one of %s: the test cannot tell the panels apart", first.ID, second.ID)
	}
	p := openExplorer(t, base, exploreCyber, 1280, 800)
	// Hold back the answer to the next request (the first band's details)
	// until the second band's have been shown, and flag when it is in.
	p.Do(chromedp.Evaluate[chromedp.Void](`(() => {
		const real = window.fetch;
		let held = true;
		window.fetch = (...args) => {
			if (!held) return real(...args);
			held = false;
			return new Promise((resolve, reject) => {
				window.releaseHeld = () => real(...args).then(r => { resolve(r); setTimeout(() => { window.heldDone = true; }, 100); }, reject);
			});
		};
	})()`))
	clickBand(t, p, first.ID)
	clickBand(t, p, second.ID)
	waitDetails(p, second.Citations[0].Quote)
	p.Do(
		chromedp.Evaluate[chromedp.Void](`window.releaseHeld()`),
		chromedp.Poll[chromedp.Void](`window.heldDone === true`),
	)
	got := text(p, "#details")
	if strings.Contains(got, onlyFirst) || !strings.Contains(got, second.Citations[0].Quote) {
		t.Errorf("after the first band's late answer the panel reads %q, want the second band's details only", got)
	}
	p.AssertClean()
}
