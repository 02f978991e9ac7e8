package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/export"
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// exportConfig is what "fundflow export" and /export/ are told.
type exportConfig struct {
	// MaxRows bounds the records of one export, over HTTP and on the
	// command line (--max-export-rows, FUNDFLOW_MAX_EXPORT_ROWS).
	MaxRows int
	// Where, Out and BOM are the command's filter (a URL query), output
	// file ("" for stdout) and byte order mark.
	Where, Out string
	BOM        bool
}

// exportRows is the export row limit as a setting, named like the
// request limits (limitsconfig.go).
const (
	exportRowsFlag = "max-export-rows"
	exportRowsEnv  = "FUNDFLOW_MAX_EXPORT_ROWS"
)

// exportDefaults is the export configuration from the environment; a bad
// FUNDFLOW_MAX_EXPORT_ROWS is a problem config.check reports.
func exportDefaults(getenv func(string) string) (exportConfig, []string) {
	c := exportConfig{MaxRows: export.DefaultMaxRows}
	if v := getenv(exportRowsEnv); v != "" {
		if err := (limitValue[int]{&c.MaxRows, 1}).Set(strings.TrimSpace(v)); err != nil {
			return c, []string{fmt.Sprintf("%s=%q: %v", exportRowsEnv, shown(v), err)}
		}
	}
	return c, nil
}

// bindExportRows binds --max-export-rows.
func bindExportRows(fs *flag.FlagSet, c *config) {
	fs.Var(limitValue[int]{&c.Export.MaxRows, 1}, exportRowsFlag,
		"records in one CSV export, at least 1; more is refused with LIMIT_EXCEEDED before the first byte (env "+exportRowsEnv+")")
}

// exportFlags binds the export command's own flags.
func exportFlags(fs *flag.FlagSet, c *config) {
	fs.StringVar(&c.Export.Where, "where", "", "the filters, as /export/LIST.csv takes them: a URL query such as 'kind=DIVERSION&year=2017-18'")
	fs.StringVar(&c.Export.Out, "out", "", "write to this file, which appears only once complete (default: stdout)")
	fs.BoolVar(&c.Export.BOM, "bom", false, "start with a UTF-8 byte order mark, for Excel on Windows (as bom=1)")
	bindExportRows(fs, c)
}

// runExport is "fundflow export LIST": the list from the configured store,
// as CSV, written by the same writer as /export/LIST.csv.
func runExport(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	c := mustLookup("export")
	fs, err := c.parse(&cfg, flagsFirst(c.flags(&config{}), args), stdout, stderr)
	if err != nil {
		return err
	}
	if err := cfg.check(); err != nil {
		return err
	}
	where := cfg.Export.Where
	if cfg.Export.BOM {
		// Set, not appended: --bom with bom=1 in -where asks the same thing.
		if q, err := url.ParseQuery(where); err == nil {
			q.Set("bom", "1")
			where = q.Encode()
		}
	}
	req, err := export.ParseQuery(fs.Arg(0), where)
	if err != nil {
		fmt.Fprintf(stderr, "fundflow export: %v\n", err)
		c.printUsage(stderr)
		return errUsage
	}
	if cfg.backend() == "sqlite" {
		// Opening a missing file would create an empty store and export
		// nothing; say what is wrong instead.
		if _, err := os.Stat(cfg.DB); err != nil {
			return fmt.Errorf("no store at %s: serve or load a dataset first (or set -db): %w", cfg.DB, err)
		}
	}
	st, err := cfg.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := checkFormat(ctx, st); err != nil {
		return err
	}
	svc := ledger.New(st, zerolog.Nop(), time.Now)
	err = writeExport(ctx, svc, req, export.Options{MaxRows: cfg.Export.MaxRows}, cfg.Export.Out, stdout)
	var fe *flow.Error
	if errors.As(err, &fe) && fe.Code == flow.EINTERNAL && fe.Err != nil {
		// The cause is for the operator running the command.
		return fmt.Errorf("%w: %v", err, fe.Err)
	}
	return err
}

// flagsFirst moves the operands after the flags, so that "export flows
// -where Q", the order the docs use, parses like "export -where Q flows":
// the flag package stops at the first operand. fs tells which flags take a
// value; everything after "--" stays an operand.
func flagsFirst(fs *flag.FlagSet, args []string) []string {
	var flags, operands []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return append(append(flags, "--"), append(operands, args[i+1:]...)...)
		case !strings.HasPrefix(a, "-") || a == "-":
			operands = append(operands, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			continue // the flag package will refuse it
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		if i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	if len(operands) > 0 {
		flags = append(flags, "--") // an operand that begins with - stays one
	}
	return append(flags, operands...)
}

// writeExport writes req to stdout, or to the file out: written beside it
// under a temporary name and renamed once complete, so that a failed
// export never leaves a file that looks whole.
func writeExport(ctx context.Context, svc *ledger.Service, req *export.Request, o export.Options, out string, stdout io.Writer) error {
	if out == "" {
		w := bufio.NewWriter(stdout)
		if err := req.Write(ctx, svc, w, o); err != nil {
			return err
		}
		return w.Flush()
	}
	if fi, err := os.Stat(out); err == nil && fi.IsDir() {
		return fmt.Errorf("-out %s is a directory; name the file to write", out)
	}
	f, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
	if err != nil {
		return err
	}
	// CreateTemp makes the file private (0600); an export is a file to
	// share, readable like the files curl or a spreadsheet writes (0644).
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	defer os.Remove(f.Name()) // after the rename, there is nothing to remove
	w := bufio.NewWriter(f)
	err = req.Write(ctx, svc, w, o)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(f.Name(), out)
}
