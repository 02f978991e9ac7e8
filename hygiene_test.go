package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEmptyTokensFileRefusesToStart: naming a tokens file means writes are
// wanted, so one without a token stops the server before it opens the
// database, rather than serving read-only with a warning.
func TestEmptyTokensFileRefusesToStart(t *testing.T) {
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens")
	if err := os.WriteFile(tokens, []byte("# no writers yet\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "fundflow.db")
	err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--tokens-file", tokens}, env("FUNDFLOW_DB", db), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), tokens+": the tokens file holds no tokens") {
		t.Fatalf("got %v, want the server refused naming %s", err, tokens)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("the database was opened before the refusal: %v", err)
	}
}

// TestDBPathIsLiteral: --db names a file, whatever characters it holds.
func TestDBPathIsLiteral(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x#y?z%41.db")
	if err := run(context.Background(), []string{"load", "--db", db, "data/nhs-tech-2016-18.yaml"}, env(), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("the named file: %v", err)
	}
	for _, wrong := range []string{"x", "x#y", "x#y?z"} {
		if _, err := os.Stat(filepath.Join(dir, wrong)); err == nil {
			t.Errorf("a file %q was created instead", wrong)
		}
	}
}
