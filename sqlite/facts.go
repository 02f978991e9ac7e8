package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/fold"
	"github.com/fundflow/fundflow/internal/searchdoc"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// People, facts and statements: the records that are not money, each in
// its own table (see migrations/0005_facts.sql).

// searchKeys folds every text a search may match a record by, one per
// line, as alias_keys holds aliases.
func searchKeys(texts []string) string {
	keys := make([]string, 0, len(texts))
	for _, t := range texts {
		if k := fold.Key(t); k != "" {
			keys = append(keys, k)
		}
	}
	return strings.Join(keys, "\n")
}

// factRecords writes a load's people, facts and statements and their
// citations, after the dataset's citations were cleared, and removes the
// dataset's earlier records of these kinds that it no longer holds. It
// returns how many of those left the dataset altogether.
func (w *writer) factRecords(ds *flow.Dataset) int {
	for _, p := range ds.People {
		w.person(p)
	}
	for _, f := range ds.Facts {
		w.fact(f)
		w.insertCitations(f.ID, f.Citations, ds.ID)
	}
	for _, s := range ds.Statements {
		w.statement(s)
		w.insertCitations(s.ID, s.Citations, ds.ID)
	}
	const (
		people     = `DELETE FROM people WHERE dataset = :ds AND id NOT IN (SELECT value FROM json_each(:keep)) RETURNING id`
		facts      = `DELETE FROM facts WHERE dataset = :ds AND id NOT IN (SELECT value FROM json_each(:keep)) RETURNING id`
		statements = `DELETE FROM statements WHERE dataset = :ds AND id NOT IN (SELECT value FROM json_each(:keep)) RETURNING id`
	)
	var keepPeople, keepFacts, keepStatements []string
	for _, p := range ds.People {
		keepPeople = append(keepPeople, p.ID)
	}
	for _, f := range ds.Facts {
		keepFacts = append(keepFacts, f.ID)
	}
	for _, s := range ds.Statements {
		keepStatements = append(keepStatements, s.ID)
	}
	return w.deleteStale(ds.ID, []staleRows{{statements, keepStatements}, {facts, keepFacts}, {people, keepPeople}})
}

func (w *writer) person(p *flow.Person) {
	const upsert = `
INSERT INTO people (id, name, sort_key, alias_keys, aliases, role, organisation_id, description,
                    search_keys, sort_asc, sort_desc, dataset)
VALUES (:id, :name, :sort_key, :alias_keys, :aliases, :role, :organisation_id, :description,
        :search_keys, :sort_asc, :sort_desc, :dataset)
ON CONFLICT (id) DO UPDATE SET
  name = excluded.name, sort_key = excluded.sort_key, alias_keys = excluded.alias_keys,
  aliases = excluded.aliases, role = excluded.role, organisation_id = excluded.organisation_id,
  description = excluded.description, search_keys = excluded.search_keys,
  sort_asc = excluded.sort_asc, sort_desc = excluded.sort_desc, dataset = excluded.dataset`
	keys := make([]string, len(p.Aliases))
	for i, a := range p.Aliases {
		keys[i] = fold.Key(a)
	}
	asc, desc := sortkey.Person(p)
	w.exec("write person "+p.ID, upsert,
		sql.Named("id", p.ID), sql.Named("name", p.Name), sql.Named("sort_key", fold.Key(p.Name)),
		sql.Named("alias_keys", strings.Join(keys, "\n")), sql.Named("aliases", jsonArray(p.Aliases)),
		sql.Named("role", p.Role), sql.Named("organisation_id", nullString(p.OrganisationID)),
		sql.Named("description", p.Description), sql.Named("search_keys", searchKeys(p.SearchTexts())),
		sql.Named("sort_asc", jsonArray(asc)), sql.Named("sort_desc", jsonArray(desc)), sql.Named("dataset", p.Dataset))
	w.index(searchdoc.Node(p), p.Dataset)
}

func (w *writer) fact(f *flow.Fact) {
	const upsert = `
INSERT INTO facts (id, subject_id, counted, stated, count_value, count_low, count_high, count_qualifier,
                   date, status, note, known_from, search_keys, sort_asc, sort_desc, dataset)
VALUES (:id, :subject_id, :counted, :stated, :count_value, :count_low, :count_high, :count_qualifier,
        :date, :status, :note, :known_from, :search_keys, :sort_asc, :sort_desc, :dataset)
ON CONFLICT (id) DO UPDATE SET
  subject_id = excluded.subject_id, counted = excluded.counted, stated = excluded.stated,
  count_value = excluded.count_value, count_low = excluded.count_low, count_high = excluded.count_high,
  count_qualifier = excluded.count_qualifier, date = excluded.date, status = excluded.status,
  note = excluded.note, known_from = excluded.known_from, search_keys = excluded.search_keys,
  sort_asc = excluded.sort_asc, sort_desc = excluded.sort_desc, dataset = excluded.dataset`
	asc, desc := sortkey.Fact(f)
	w.exec("write fact "+f.ID, upsert,
		sql.Named("id", f.ID), sql.Named("subject_id", f.SubjectID), sql.Named("counted", f.Counted),
		sql.Named("stated", f.Stated), sql.Named("count_value", nullInt(f.Count.Value)),
		sql.Named("count_low", nullInt(f.Count.Low)), sql.Named("count_high", nullInt(f.Count.High)),
		sql.Named("count_qualifier", string(f.Count.Qualifier)), sql.Named("date", f.Date),
		sql.Named("status", string(f.Status)), sql.Named("note", f.Note), sql.Named("known_from", string(f.KnownFrom)),
		sql.Named("search_keys", searchKeys(f.SearchTexts())),
		sql.Named("sort_asc", jsonArray(asc)), sql.Named("sort_desc", jsonArray(desc)), sql.Named("dataset", f.Dataset))
}

func (w *writer) statement(s *flow.Statement) {
	const upsert = `
INSERT INTO statements (id, person_id, said, form, date, about, note, known_from, search_keys,
                        sort_asc, sort_desc, dataset)
VALUES (:id, :person_id, :said, :form, :date, :about, :note, :known_from, :search_keys,
        :sort_asc, :sort_desc, :dataset)
ON CONFLICT (id) DO UPDATE SET
  person_id = excluded.person_id, said = excluded.said, form = excluded.form, date = excluded.date,
  about = excluded.about, note = excluded.note, known_from = excluded.known_from,
  search_keys = excluded.search_keys, sort_asc = excluded.sort_asc, sort_desc = excluded.sort_desc,
  dataset = excluded.dataset`
	asc, desc := sortkey.Statement(s)
	w.exec("write statement "+s.ID, upsert,
		sql.Named("id", s.ID), sql.Named("person_id", s.PersonID), sql.Named("said", s.Said),
		sql.Named("form", string(s.Form)), sql.Named("date", s.Date), sql.Named("about", jsonArray(s.AboutIDs)),
		sql.Named("note", s.Note), sql.Named("known_from", string(s.KnownFrom)),
		sql.Named("search_keys", searchKeys(s.SearchTexts())),
		sql.Named("sort_asc", jsonArray(asc)), sql.Named("sort_desc", jsonArray(desc)), sql.Named("dataset", s.Dataset))
	w.index(searchdoc.Statement(s), s.Dataset)
}

func nullInt(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

const personColumns = `id, name, aliases, role, organisation_id, description, dataset`

// personTable is the people list: sorted like nodes, by folded name and
// id.
var personTable = listTable{name: "people", columns: personColumns, keys: []string{"sort_key", "id"}}

// The person filters' conditions, each added only when its filter is set.
const (
	personIDIs           = `id = :ids`
	personIDIn           = `id IN (SELECT value FROM json_each(:ids))`
	personOrganisationIs = `organisation_id = :organisations`
	personOrganisationIn = `organisation_id IN (SELECT value FROM json_each(:organisations))`
	personName           = `(instr(sort_key, :name) > 0 OR instr(alias_keys, :name) > 0)`
)

// People lists people, filtered, ordered and keyset-paged: two queries.
func (s *Store) People(ctx context.Context, f flow.PersonFilter, w flow.Window) (*flow.Page[*flow.Person], error) {
	return page(ctx, s.read, personTable, personConds(f), w, scanPerson, "people")
}

// personConds picks the conditions of the filters f sets.
func personConds(f flow.PersonFilter) *conds {
	c := newConds()
	list(c, f.IDs, personIDIs, personIDIn, "ids")
	list(c, f.OrganisationIDs, personOrganisationIs, personOrganisationIn, "organisations")
	if name := fold.Key(f.NameContains); name != "" {
		c.add(personName, "name", name)
	}
	return c
}

// peopleByID adds the people among ids to out, in one query.
func (s *Store) peopleByID(ctx context.Context, ids []string, out map[string]flow.Node) error {
	const query = `SELECT ` + personColumns + ` FROM people WHERE id IN (SELECT value FROM json_each(:ids))`
	rows, err := s.read.QueryContext(ctx, query, sql.Named("ids", jsonList(ids)))
	if err != nil {
		return wrap("load people", err)
	}
	defer rows.Close()
	for rows.Next() {
		dest, finish := scanPerson()
		if err := rows.Scan(dest...); err != nil {
			return wrap("load people", err)
		}
		p, _, err := finish()
		if err != nil {
			return wrap("load people", err)
		}
		out[p.ID] = p
	}
	return wrap("load people", rows.Err())
}

func scanPerson() ([]any, func() (*flow.Person, string, error)) {
	var (
		p       flow.Person
		aliases string
		org     sql.NullString
	)
	dest := []any{&p.ID, &p.Name, &aliases, &p.Role, &org, &p.Description, &p.Dataset}
	return dest, func() (*flow.Person, string, error) {
		if err := json.Unmarshal([]byte(aliases), &p.Aliases); err != nil {
			return nil, "", err
		}
		if len(p.Aliases) == 0 {
			p.Aliases = nil
		}
		p.OrganisationID = org.String
		return &p, p.ID, nil
	}
}

const factColumns = `id, subject_id, counted, stated, count_value, count_low, count_high, count_qualifier,
  date, status, note, dataset, known_from`

// factTable is the facts list: subject and id are their own sort keys,
// the date is read from the sort key lists (a missing date sorts last).
var factTable = listTable{name: "facts", columns: factColumns, keys: []string{"subject_id", "", "id"}}

// The fact filters' conditions, each added only when its filter is set.
const (
	factIDIs      = `id = :ids`
	factIDIn      = `id IN (SELECT value FROM json_each(:ids))`
	factSubjectIs = `subject_id = :subjects`
	factSubjectIn = `subject_id IN (SELECT value FROM json_each(:subjects))`
	factStatusIs  = `status = :statuses`
	factStatusIn  = `status IN (SELECT value FROM json_each(:statuses))`
	factAsOf      = `known_from <> '' AND known_from <= :as_of`
)

// Facts lists facts with their citations: three queries whatever the page
// size.
func (s *Store) Facts(ctx context.Context, f flow.FactFilter, w flow.Window) (*flow.Page[*flow.Fact], error) {
	p, err := page(ctx, s.read, factTable, factConds(f), w, scanFact, "facts")
	if err != nil {
		return nil, err
	}
	if err := citeAsOf(ctx, s, p.Items, f.AsOf, func(x *flow.Fact) (string, *[]flow.Citation) { return x.ID, &x.Citations }); err != nil {
		return nil, err
	}
	return p, nil
}

// factConds picks the conditions of the filters f sets.
func factConds(f flow.FactFilter) *conds {
	c := newConds()
	list(c, f.IDs, factIDIs, factIDIn, "ids")
	list(c, f.SubjectIDs, factSubjectIs, factSubjectIn, "subjects")
	list(c, f.Statuses, factStatusIs, factStatusIn, "statuses")
	if f.AsOf != "" {
		c.add(factAsOf, "as_of", string(f.AsOf))
	}
	return c
}

func scanFact() ([]any, func() (*flow.Fact, string, error)) {
	var (
		f                flow.Fact
		value, low, high sql.NullInt64
	)
	dest := []any{&f.ID, &f.SubjectID, &f.Counted, &f.Stated, &value, &low, &high, &f.Count.Qualifier,
		&f.Date, &f.Status, &f.Note, &f.Dataset, &f.KnownFrom}
	return dest, func() (*flow.Fact, string, error) {
		f.Count.Value, f.Count.Low, f.Count.High = int64p(value), int64p(low), int64p(high)
		return &f, f.ID, nil
	}
}

func int64p(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}

const statementColumns = `id, person_id, said, form, date, about, note, dataset, known_from`

// statementTable is the statements list: person and id are their own sort
// keys, the date is read from the sort key lists (a missing date sorts
// last).
var statementTable = listTable{name: "statements", columns: statementColumns, keys: []string{"", "person_id", "id"}}

// The statement filters' conditions, each added only when its filter is
// set. A statement is about a list of ids, held as JSON.
const (
	statementIDIs     = `id = :ids`
	statementIDIn     = `id IN (SELECT value FROM json_each(:ids))`
	statementPersonIs = `person_id = :persons`
	statementPersonIn = `person_id IN (SELECT value FROM json_each(:persons))`
	statementAbout    = `EXISTS (SELECT 1 FROM json_each(about) AS a WHERE a.value IN (SELECT value FROM json_each(:about)))`
	statementAsOf     = `known_from <> '' AND known_from <= :as_of`
)

// Statements lists statements with their citations: three queries
// whatever the page size.
func (s *Store) Statements(ctx context.Context, f flow.StatementFilter, w flow.Window) (*flow.Page[*flow.Statement], error) {
	p, err := page(ctx, s.read, statementTable, statementConds(f), w, scanStatement, "statements")
	if err != nil {
		return nil, err
	}
	if err := citeAsOf(ctx, s, p.Items, f.AsOf, func(x *flow.Statement) (string, *[]flow.Citation) { return x.ID, &x.Citations }); err != nil {
		return nil, err
	}
	return p, nil
}

// statementConds picks the conditions of the filters f sets.
func statementConds(f flow.StatementFilter) *conds {
	c := newConds()
	list(c, f.IDs, statementIDIs, statementIDIn, "ids")
	list(c, f.PersonIDs, statementPersonIs, statementPersonIn, "persons")
	if len(f.AboutIDs) > 0 {
		c.add(statementAbout, "about", jsonList(f.AboutIDs))
	}
	if f.AsOf != "" {
		c.add(statementAsOf, "as_of", string(f.AsOf))
	}
	return c
}

func scanStatement() ([]any, func() (*flow.Statement, string, error)) {
	var (
		st    flow.Statement
		about string
	)
	dest := []any{&st.ID, &st.PersonID, &st.Said, &st.Form, &st.Date, &about, &st.Note, &st.Dataset, &st.KnownFrom}
	return dest, func() (*flow.Statement, string, error) {
		if err := json.Unmarshal([]byte(about), &st.AboutIDs); err != nil {
			return nil, "", err
		}
		if len(st.AboutIDs) == 0 {
			st.AboutIDs = nil
		}
		return &st, st.ID, nil
	}
}
