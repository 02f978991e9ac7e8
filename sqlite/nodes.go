package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/fold"
)

// nodeColumns is the column list every node query selects, in scanNode's
// order.
const nodeColumns = `id, label, name, aliases, description, fund_id, kind,
  publisher, published, date_note, url, file, notes, text, dataset`

// briefColumns is nodeColumns with a source's text replaced by whether it
// has one, in scanBrief's order. octet_length reads the size from the row
// header, so the text (about 25 kB a source in a generated dataset, in
// overflow pages) is never copied: question 1 read ten sources' texts a
// request, 250 kB, for titles.
const briefColumns = `id, label, name, aliases, description, fund_id, kind,
  publisher, published, date_note, url, file, notes, octet_length(text) > 0, dataset`

// Nodes returns the nodes with the given ids, people included, in one
// query, or two when some id is not in the nodes table.
func (s *Store) Nodes(ctx context.Context, ids []string) (map[string]flow.Node, error) {
	const query = `SELECT ` + nodeColumns + ` FROM nodes WHERE id IN (SELECT value FROM json_each(:ids))`
	return s.nodes(ctx, query, scanNode, ids)
}

// NodesBrief returns the nodes with the given ids, sources without their
// texts.
func (s *Store) NodesBrief(ctx context.Context, ids []string) (map[string]flow.Node, error) {
	const query = `SELECT ` + briefColumns + ` FROM nodes WHERE id IN (SELECT value FROM json_each(:ids))`
	return s.nodes(ctx, query, scanBrief, ids)
}

// nodes runs query, a lookup of ids in the nodes table, then looks up
// people for the ids it did not find.
func (s *Store) nodes(ctx context.Context, query string, scan rowScanner[flow.Node], ids []string) (map[string]flow.Node, error) {
	out := make(map[string]flow.Node, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.read.QueryContext(ctx, query, sql.Named("ids", jsonList(ids)))
	if err != nil {
		return nil, wrap("load nodes", err)
	}
	defer rows.Close()
	for rows.Next() {
		dest, finish := scan()
		if err := rows.Scan(dest...); err != nil {
			return nil, wrap("load nodes", err)
		}
		n, _, err := finish()
		if err != nil {
			return nil, wrap("load nodes", err)
		}
		out[n.NodeID()] = n
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("load nodes", err)
	}
	// People are nodes in their own table; ask for them only when some id
	// is still unknown.
	var rest []string
	for _, id := range ids {
		if _, ok := out[id]; !ok {
			rest = append(rest, id)
		}
	}
	if len(rest) == 0 {
		return out, nil
	}
	return out, s.peopleByID(ctx, rest, out)
}

// nodeTable is the nodes list: a node's sort keys are its folded name and
// its id, both columns.
var nodeTable = listTable{name: "nodes", columns: briefColumns, keys: []string{"sort_key", "id"}}

// The node filters' conditions: the label always, the others only when
// their filter is set.
const (
	nodeLabel  = `label = :label`
	nodeIDIs   = `id = :ids`
	nodeIDIn   = `id IN (SELECT value FROM json_each(:ids))`
	nodeName   = `(instr(sort_key, :name) > 0 OR instr(alias_keys, :name) > 0)`
	nodeFundIs = `fund_id = :funds`
	nodeFundIn = `fund_id IN (SELECT value FROM json_each(:funds))`
	nodeKindIs = `kind = :kinds`
	nodeKindIn = `kind IN (SELECT value FROM json_each(:kinds))`
)

// labels maps the kinds of node to their label in the nodes table.
var labels = map[flow.RecordKind]string{flow.KindFund: "Fund", flow.KindProgramme: "Programme",
	flow.KindOrganisation: "Organisation", flow.KindSource: "Source"}

// ListNodes lists the nodes of one kind.
func (s *Store) ListNodes(ctx context.Context, kind flow.RecordKind, f flow.NodeFilter, w flow.Window) (*flow.Page[flow.Node], error) {
	label := labels[kind]
	c := newConds()
	c.add(nodeLabel, "label", label)
	list(c, f.IDs, nodeIDIs, nodeIDIn, "ids")
	if name := fold.Key(f.NameContains); name != "" {
		c.add(nodeName, "name", name)
	}
	list(c, f.FundIDs, nodeFundIs, nodeFundIn, "funds")
	list(c, f.Kinds, nodeKindIs, nodeKindIn, "kinds")
	return page(ctx, s.read, nodeTable, c, w, scanBrief, label)
}

// scanNode reads a row of nodeColumns into the domain type its label names.
func scanNode() ([]any, func() (flow.Node, string, error)) { return scanNodeRow(false) }

// scanBrief reads a row of briefColumns.
func scanBrief() ([]any, func() (flow.Node, string, error)) { return scanNodeRow(true) }

func scanNodeRow(brief bool) ([]any, func() (flow.Node, string, error)) {
	var (
		id, label, name, aliases, description, kind      string
		publisher, published, dateNote, url, file, notes string
		text, dataset                                    string
		hasText                                          bool
		fundID                                           sql.NullString
	)
	dest := []any{&id, &label, &name, &aliases, &description, &fundID, &kind,
		&publisher, &published, &dateNote, &url, &file, &notes, &text, &dataset}
	if brief {
		dest[13] = &hasText
	}
	return dest, func() (flow.Node, string, error) {
		var as, ns []string
		if err := json.Unmarshal([]byte(aliases), &as); err != nil {
			return nil, "", err
		}
		if err := json.Unmarshal([]byte(notes), &ns); err != nil {
			return nil, "", err
		}
		if len(as) == 0 {
			as = nil
		}
		if len(ns) == 0 {
			ns = nil
		}
		switch label {
		case "Fund":
			return &flow.Fund{ID: id, Name: name, Aliases: as, Description: description, Dataset: dataset}, id, nil
		case "Programme":
			return &flow.Programme{ID: id, Name: name, Aliases: as, Description: description, FundID: fundID.String, Dataset: dataset}, id, nil
		case "Organisation":
			return &flow.Organisation{ID: id, Name: name, Aliases: as, Kind: kind, Description: description, Dataset: dataset}, id, nil
		}
		return &flow.Source{ID: id, Title: name, Publisher: publisher, Published: published, DateNote: dateNote,
			URL: url, File: file, Notes: ns, Text: text, HasText: hasText, Dataset: dataset}, id, nil
	}
}
