package export

import (
	"encoding/csv"
	"io"
)

// bom is the UTF-8 byte order mark, which Excel on Windows needs to read a
// CSV file as UTF-8 rather than the system's code page.
const bom = "\uFEFF"

// flusher is a writer that can push what it holds on to its reader: an
// HTTP response (through the handler's writer) or a buffered file.
type flusher interface{ Flush() error }

// sheet writes one CSV file: nothing until start, so that an error found
// before the first row leaves the output untouched, then the header and
// each page of rows, flushed page by page.
type sheet struct {
	out     io.Writer
	csv     *csv.Writer
	header  []string
	bom     bool
	started bool
	// rows counts the data rows written.
	rows int
}

// newSheet writes RFC 4180 CSV to out: fields quoted where they need it,
// and every line, a line break inside a field too, ended by CRLF.
func newSheet(out io.Writer, header []string, withBOM bool) *sheet {
	w := csv.NewWriter(out)
	w.UseCRLF = true
	return &sheet{out: out, csv: w, header: header, bom: withBOM}
}

// start writes the byte order mark if asked for and the header row, once.
func (s *sheet) start() error {
	if s.started {
		return nil
	}
	s.started = true
	if s.bom {
		if _, err := io.WriteString(s.out, bom); err != nil {
			return err
		}
	}
	return s.csv.Write(s.header)
}

// page writes one page of rows, starting the file if need be, and flushes
// it through to the reader.
func (s *sheet) page(rows [][]string) error {
	if err := s.start(); err != nil {
		return err
	}
	for _, r := range rows {
		if err := s.csv.Write(r); err != nil {
			return err
		}
	}
	s.rows += len(rows)
	s.csv.Flush()
	if err := s.csv.Error(); err != nil {
		return err
	}
	if f, ok := s.out.(flusher); ok {
		return f.Flush()
	}
	return nil
}
