package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

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
