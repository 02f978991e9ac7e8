package loader

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// Parse reads and validates a dataset document. name is the file name that
// problems cite; texts, when not nil, resolves the sources' bundled text files
// (relative to the document) so that every quote can be checked against its
// document; ParseFile passes its folder through an os.Root, so that no path
// or symlink leads out of it. A file must be one YAML document of UTF-8
// text whose top is a mapping. The dataset's rules are the service's
// (ledger.Check), applied once here, so the dataset returned is ready to
// load. On any problem it
// returns an *flow.Error with code EINVALID that lists every problem, each
// with file and line.
func Parse(name string, data []byte, texts fs.FS) (*ledger.Dataset, error) {
	return parse(name, io.NewSectionReader(bytes.NewReader(data), 0, int64(len(data))), texts)
}

// parse is Parse reading the document from src, which ParseFile leaves
// in the file: a file's records are read, and let go, as they are walked,
// and only a file the outline cannot read is held whole.
func parse(name string, src *io.SectionReader, texts fs.FS) (*ledger.Dataset, error) {
	// Bytes that are not text are reported first and alone: yaml names
	// neither their line nor their column, and every later problem would
	// be noise.
	problems, err := checkText(src)
	if err != nil {
		return nil, unreadable(name, err)
	}
	if len(problems) == 0 {
		var checked *ledger.Dataset
		checked, problems, err = read(src, texts)
		if err != nil {
			return nil, unreadable(name, err)
		}
		if len(problems) == 0 {
			return checked, nil
		}
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
	for i := range problems {
		problems[i].File = name
		clipProblem(&problems[i])
	}
	return nil, &flow.Error{
		Code:     flow.EINVALID,
		Message:  fmt.Sprintf("%s: %d %s; nothing was written", name, len(problems), plural(len(problems), "problem", "problems")),
		Problems: problems,
	}
}

// read walks and checks data, returning the checked dataset, or every
// problem with its line. The rules name a problem's path, not its line,
// and a map of the line of every path of a big file is several times its
// size, so the walk keeps none: only when a rule is broken does a second
// walk find the lines of the paths the problems name.
func read(src *io.SectionReader, texts fs.FS) (*ledger.Dataset, []flow.Problem, error) {
	checked, problems, start, err := check(src, texts)
	if err != nil {
		return nil, nil, err
	}
	var want map[string]bool
	for _, p := range problems {
		if p.Line != 0 || p.Path == "" {
			continue
		}
		if want == nil {
			want = map[string]bool{}
		}
		// Every prefix, so that the longest one visited gives the line.
		for q := p.Path; q != ""; {
			want[q] = true
			i := strings.LastIndexAny(q, ".[")
			if i < 0 {
				break
			}
			q = q[:i]
		}
	}
	if want != nil {
		w := &walker{lines: map[string]int{}, want: want}
		if _, err := w.walk(src, &flow.Dataset{}); err != nil {
			return nil, nil, err
		}
		for i := range problems {
			if problems[i].Line == 0 {
				problems[i].Line = w.line(problems[i].Path)
			}
		}
	}
	for i := range problems {
		if problems[i].Line == 0 {
			// A rule about the whole dataset: point at its start.
			problems[i].Line = start
		}
	}
	return checked, problems, nil
}

// check walks data into a dataset and checks it with the service's rules,
// returning the checked dataset, the problems (those of the rules without
// their line) and the line where the dataset starts.
func check(src *io.SectionReader, texts fs.FS) (*ledger.Dataset, []flow.Problem, int, error) {
	w := &walker{}
	ds := &flow.Dataset{}
	root, err := w.walk(src, ds)
	if err != nil || root == nil {
		return nil, w.problems, 0, err
	}
	// Validate even when some values could not be read, so that every
	// problem in the file is listed at once; a rule broken only because
	// its value was unreadable is not reported twice.
	readTexts(w, ds, texts)
	unreadable := append([]flow.Problem(nil), w.problems...)
	checked, ps := ledger.Check(ds, flow.Today(time.Now()))
	for _, p := range ps {
		if !covered(p.Path, unreadable) {
			w.problems = append(w.problems, p)
		}
	}
	return checked, w.problems, root.Line, nil
}

// byRecord says whether walk reads the files outline can record by
// record; tests turn it off to compare the two readings.
var byRecord = true

// walk reads data into ds, returning the dataset's top-level mapping, or
// nil if the file holds none. It reads the file record by record where
// outline can, and as one tree of nodes where it cannot: both walks
// report the same problems.
func (w *walker) walk(src *io.SectionReader, ds *flow.Dataset) (*yaml.Node, error) {
	if doc, ok := outline(src); ok && byRecord {
		w.lists = doc.lists
		w.dataset(doc.root, ds)
		w.required(doc.root)
		// A list the walk did not read (under an unknown key, or where
		// text belongs) must still be YAML, as the tree would find.
		for _, list := range doc.lists {
			for !w.broken {
				item, ok := list.next()
				if !ok {
					w.broken = true
				}
				if item == nil {
					break
				}
			}
		}
		if !w.broken {
			return doc.root, nil
		}
		// Start again from nothing, reading the whole tree.
		w.problems, w.lists, w.broken = nil, nil, false
		if w.lines != nil {
			w.lines = map[string]int{}
		}
		*ds = flow.Dataset{}
	}
	data, err := readAll(src)
	if err != nil {
		return nil, err
	}
	root, ps := decode(data)
	w.problems = append(w.problems, ps...)
	switch {
	case len(w.problems) > 0 && root == nil:
	case root == nil:
		w.problems = append(w.problems, flow.Problem{Line: 1, Message: "file is empty: want a dataset with dataset, title, sources, funds, programmes, organisations, flows and budget_lines"})
	case root.Kind != yaml.MappingNode:
		// Nothing of a dataset can be read, so the rules are not checked:
		// each would only say that something is missing.
		w.problems = append(w.problems, flow.Problem{Line: root.Line, Message: "the file must be a mapping with dataset:, title:, sources:, funds:, programmes:, organisations:, flows: and budget_lines: at the top, got " + describe(root)})
		return nil, nil
	default:
		w.dataset(root, ds)
		w.required(root)
		return root, nil
	}
	return nil, nil
}

// readAll reads the whole of src.
func readAll(src *io.SectionReader) ([]byte, error) {
	data := make([]byte, src.Size())
	if n, err := src.ReadAt(data, 0); err != nil && !(errors.Is(err, io.EOF) && n == len(data)) {
		return nil, err
	}
	return data, nil
}

// required reports the top-level fields a dataset cannot do without, at the
// start of the mapping, in words that say what is missing rather than what
// an empty value would break.
func (w *walker) required(root *yaml.Node) {
	for _, r := range []struct{ key, msg string }{
		{"dataset", "missing dataset: the file must name its dataset, like dataset: nhs-tech-2016-18"},
		{"title", "missing title: the file must give its dataset a title, like title: NHS technology funding 2016-18"},
	} {
		if !hasKey(root, r.key) && !w.reported(r.key) {
			w.problems = append(w.problems, flow.Problem{Line: root.Line, Path: r.key, Message: r.msg})
		}
	}
}

// covered reports whether a problem at path, or at a value containing it or
// contained in it, was already reported.
func covered(path string, reported []flow.Problem) bool {
	for _, r := range reported {
		if r.Path == "" {
			continue
		}
		if path == r.Path || strings.HasPrefix(path, r.Path+".") || strings.HasPrefix(path, r.Path+"[") ||
			strings.HasPrefix(r.Path, path+".") {
			return true
		}
	}
	return false
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// decode parses the one YAML document of a dataset file into a node tree.
// A syntax error becomes a problem with the line yaml reports; a second
// document is refused rather than ignored, since whatever it holds would
// silently not be loaded.
func decode(data []byte) (*yaml.Node, []flow.Problem) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, []flow.Problem{syntaxProblem(err, data)}
	}
	var root *yaml.Node
	if len(doc.Content) > 0 {
		root = doc.Content[0]
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
		return root, nil
	case err == nil:
		return root, []flow.Problem{secondDocument(next.Line)}
	default:
		line := markerAfter(data, doc.Line)
		if line == 0 {
			line = syntaxProblem(err, data).Line
		}
		return root, []flow.Problem{secondDocument(line)}
	}
}

func secondDocument(line int) flow.Problem {
	return flow.Problem{Line: line, Message: "a second YAML document starts here: a dataset file holds one document, so remove the --- or move what follows to its own file"}
}

// syntaxProblem turns a yaml error into a problem at the line it names, or
// at the last line when it names none (yaml ran out of input).
func syntaxProblem(err error, data []byte) flow.Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = strings.TrimSpace(strings.Replace(msg, m[0]+":", "", 1))
	}
	if line <= 0 {
		line = bytes.Count(bytes.TrimRight(data, "\n"), []byte("\n")) + 1
	}
	return flow.Problem{Line: line, Message: "malformed YAML: " + msg}
}

// markerAfter finds the line of the first document marker ("---" at the
// start of a line) after line from, where the first document begins: the
// start of the second document. YAML forbids such a line inside a scalar, so
// every one is a marker. It returns 0 when there is none.
func markerAfter(data []byte, from int) int {
	for n, l := range bytes.Split(data, []byte("\n")) {
		l = bytes.TrimRight(l, "\r")
		if n+1 > from && bytes.HasPrefix(l, []byte("---")) && (len(l) == 3 || l[3] == ' ' || l[3] == '\t') {
			return n + 1
		}
	}
	return 0
}

// line finds the line of the longest recorded prefix of path, so a problem
// about "flows[3].amount.low" points at the low bound if it was written, or
// at the amount, or at the flow.
func (w *walker) line(p string) int {
	for p != "" {
		if l, ok := w.lines[p]; ok {
			return l
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 0
}

func (w *walker) dataset(n *yaml.Node, ds *flow.Dataset) {
	type handler = func(*yaml.Node, string, string)
	w.fields(n, "", "the dataset", map[string]handler{
		"dataset": func(v *yaml.Node, p, _ string) { ds.ID = w.str(v, p, "") },
		"title":   func(v *yaml.Node, p, _ string) { ds.Title = w.str(v, p, "") },
		"funds": func(v *yaml.Node, p, _ string) {
			w.seq(v, p, "", func(item *yaml.Node, p string) { ds.Funds = append(ds.Funds, w.fund(item, p)) })
		},
		"programmes": func(v *yaml.Node, p, _ string) {
			w.seq(v, p, "", func(item *yaml.Node, p string) { ds.Programmes = append(ds.Programmes, w.programme(item, p)) })
		},
		"organisations": func(v *yaml.Node, p, _ string) {
			w.seq(v, p, "", func(item *yaml.Node, p string) {
				ds.Organisations = append(ds.Organisations, w.organisation(item, p))
			})
		},
		"sources": func(v *yaml.Node, p, _ string) {
			w.seq(v, p, "", func(item *yaml.Node, p string) { ds.Sources = append(ds.Sources, w.source(item, p)) })
		},
		"flows": func(v *yaml.Node, p, _ string) {
			w.seq(v, p, "", func(item *yaml.Node, p string) { ds.Flows = append(ds.Flows, w.flow(item, p)) })
		},
		"budget_lines": func(v *yaml.Node, p, _ string) {
			w.seq(v, p, "", func(item *yaml.Node, p string) {
				ds.BudgetLines = append(ds.BudgetLines, w.budgetLine(item, p))
			})
		},
		"links": func(v *yaml.Node, p, _ string) {
			w.seq(v, p, "", func(item *yaml.Node, p string) { ds.Links = append(ds.Links, w.link(item, p)) })
		},
		"people": func(v *yaml.Node, p, _ string) {
			w.seq(v, p, "", func(item *yaml.Node, p string) { ds.People = append(ds.People, w.person(item, p)) })
		},
		"facts": func(v *yaml.Node, p, _ string) {
			w.seq(v, p, "", func(item *yaml.Node, p string) { ds.Facts = append(ds.Facts, w.fact(item, p)) })
		},
		"statements": func(v *yaml.Node, p, _ string) {
			w.seq(v, p, "", func(item *yaml.Node, p string) { ds.Statements = append(ds.Statements, w.statement(item, p)) })
		},
	})
	// The top-level mapping has no path of its own.
	delete(w.lines, "")
}

type handlers = map[string]func(*yaml.Node, string, string)

func (w *walker) fund(n *yaml.Node, at string) *flow.Fund {
	f := &flow.Fund{}
	w.fields(n, at, "a fund", handlers{
		"id":          func(v *yaml.Node, p, id string) { f.ID = w.str(v, p, id) },
		"name":        func(v *yaml.Node, p, id string) { f.Name = w.str(v, p, id) },
		"aliases":     func(v *yaml.Node, p, id string) { f.Aliases = w.strs(v, p, id) },
		"description": func(v *yaml.Node, p, id string) { f.Description = w.str(v, p, id) },
	})
	return f
}

func (w *walker) programme(n *yaml.Node, at string) *flow.Programme {
	r := &flow.Programme{}
	w.fields(n, at, "a programme", handlers{
		"id":          func(v *yaml.Node, p, id string) { r.ID = w.str(v, p, id) },
		"name":        func(v *yaml.Node, p, id string) { r.Name = w.str(v, p, id) },
		"aliases":     func(v *yaml.Node, p, id string) { r.Aliases = w.strs(v, p, id) },
		"description": func(v *yaml.Node, p, id string) { r.Description = w.str(v, p, id) },
		"fund":        func(v *yaml.Node, p, id string) { r.FundID = w.ref(v, p, id) },
	})
	return r
}

func (w *walker) organisation(n *yaml.Node, at string) *flow.Organisation {
	o := &flow.Organisation{}
	w.fields(n, at, "an organisation", handlers{
		"id":          func(v *yaml.Node, p, id string) { o.ID = w.str(v, p, id) },
		"name":        func(v *yaml.Node, p, id string) { o.Name = w.str(v, p, id) },
		"aliases":     func(v *yaml.Node, p, id string) { o.Aliases = w.strs(v, p, id) },
		"kind":        func(v *yaml.Node, p, id string) { o.Kind = w.ref(v, p, id) },
		"description": func(v *yaml.Node, p, id string) { o.Description = w.str(v, p, id) },
	})
	return o
}

func (w *walker) source(n *yaml.Node, at string) *flow.Source {
	s := &flow.Source{}
	w.fields(n, at, "a source", handlers{
		"id":        func(v *yaml.Node, p, id string) { s.ID = w.str(v, p, id) },
		"title":     func(v *yaml.Node, p, id string) { s.Title = w.str(v, p, id) },
		"publisher": func(v *yaml.Node, p, id string) { s.Publisher = w.str(v, p, id) },
		"published": func(v *yaml.Node, p, id string) { s.Published = w.str(v, p, id) },
		"date_note": func(v *yaml.Node, p, id string) { s.DateNote = w.str(v, p, id) },
		"url":       func(v *yaml.Node, p, id string) { s.URL = w.str(v, p, id) },
		"file":      func(v *yaml.Node, p, id string) { s.File = w.str(v, p, id) },
		"notes":     func(v *yaml.Node, p, id string) { s.Notes = w.strs(v, p, id) },
	})
	return s
}

func (w *walker) flow(n *yaml.Node, at string) *flow.Flow {
	f := &flow.Flow{}
	w.fields(n, at, "a flow", handlers{
		"id":   func(v *yaml.Node, p, id string) { f.ID = w.str(v, p, id) },
		"kind": func(v *yaml.Node, p, id string) { f.Kind = flow.FlowKind(w.share(enum(w.str(v, p, id)))) },
		"from": func(v *yaml.Node, p, id string) { f.FromID = w.ref(v, p, id) },
		"to":   func(v *yaml.Node, p, id string) { f.ToID = w.ref(v, p, id) },
		"year": func(v *yaml.Node, p, id string) { f.Year = flow.FinancialYear(w.ref(v, p, id)) },
		"amount": func(v *yaml.Node, p, id string) {
			if m := w.money(v, p, id); m != nil {
				f.Amount = *m
			}
		},
		"status":    func(v *yaml.Node, p, id string) { f.Status = flow.Status(w.share(enum(w.str(v, p, id)))) },
		"note":      func(v *yaml.Node, p, id string) { f.Note = w.str(v, p, id) },
		"citations": func(v *yaml.Node, p, id string) { f.Citations = w.citations(v, p, id) },
	})
	if !hasKey(n, "amount") {
		w.problem(n, at+".amount", f.ID, "amount", "", "amount is required")
	}
	return f
}

// hasKey reports whether n is a mapping with key, which fields then
// visited: a record's lines are not kept to ask it (walker.lines).
func hasKey(n *yaml.Node, key string) bool {
	if n.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

func (w *walker) budgetLine(n *yaml.Node, at string) *flow.BudgetLine {
	b := &flow.BudgetLine{}
	w.fields(n, at, "a budget line", handlers{
		"id":        func(v *yaml.Node, p, id string) { b.ID = w.str(v, p, id) },
		"programme": func(v *yaml.Node, p, id string) { b.ProgrammeID = w.ref(v, p, id) },
		"year":      func(v *yaml.Node, p, id string) { b.Year = flow.FinancialYear(w.ref(v, p, id)) },
		"planned":   func(v *yaml.Node, p, id string) { b.Planned = w.money(v, p, id) },
		"forecast":  func(v *yaml.Node, p, id string) { b.Forecast = w.money(v, p, id) },
		"actual":    func(v *yaml.Node, p, id string) { b.Actual = w.money(v, p, id) },
		"variance":  func(v *yaml.Node, p, id string) { b.Variance = w.money(v, p, id) },
		"status":    func(v *yaml.Node, p, id string) { b.Status = flow.Status(w.share(enum(w.str(v, p, id)))) },
		"note":      func(v *yaml.Node, p, id string) { b.Note = w.str(v, p, id) },
		"citations": func(v *yaml.Node, p, id string) { b.Citations = w.citations(v, p, id) },
	})
	return b
}

func (w *walker) link(n *yaml.Node, at string) *flow.Link {
	l := &flow.Link{}
	w.fields(n, at, "a link", handlers{
		"id":        func(v *yaml.Node, p, id string) { l.ID = w.str(v, p, id) },
		"kind":      func(v *yaml.Node, p, id string) { l.Kind = flow.LinkKind(enum(w.str(v, p, id))) },
		"whole":     func(v *yaml.Node, p, id string) { l.Whole = w.str(v, p, id) },
		"claims":    func(v *yaml.Node, p, id string) { l.Claims = w.strs(v, p, id) },
		"note":      func(v *yaml.Node, p, id string) { l.Note = w.str(v, p, id) },
		"citations": func(v *yaml.Node, p, id string) { l.Citations = w.citations(v, p, id) },
	})
	return l
}

func (w *walker) citations(n *yaml.Node, at, id string) []flow.Citation {
	var cs []flow.Citation
	w.seq(n, at, id, func(item *yaml.Node, p string) {
		var c flow.Citation
		w.fields(item, p, "a citation", handlers{
			"source": func(v *yaml.Node, p, _ string) { c.SourceID = w.ref(v, p, id) },
			"quote":  func(v *yaml.Node, p, _ string) { c.Quote = w.str(v, p, id) },
		})
		cs = append(cs, c)
	})
	return cs
}

// readTexts loads each source's bundled text so Validate can check quotes.
func readTexts(w *walker, ds *flow.Dataset, texts fs.FS) {
	if texts == nil {
		return
	}
	for i, s := range ds.Sources {
		if s.File == "" {
			continue
		}
		at := fmt.Sprintf("sources[%d].file", i)
		name := path.Clean(s.File)
		var b []byte
		err := errOutside
		if fs.ValidPath(name) {
			b, err = fs.ReadFile(texts, name)
		}
		if err != nil {
			msg := "cannot read the source's text file beside the dataset"
			switch {
			case errors.Is(err, errOutside):
				msg = "the source's text file must lie in the dataset's folder, and this path leads outside it"
			case !errors.Is(err, fs.ErrNotExist):
				msg += ": " + unwrapPath(err).Error()
			}
			w.problems = append(w.problems, flow.Problem{Line: w.line(at), Path: at, ID: s.ID, Field: "file", Value: s.File, Message: msg})
			continue
		}
		if ds.SourceTexts == nil {
			ds.SourceTexts = map[string]string{}
		}
		ds.SourceTexts[s.ID] = string(b)
	}
}
