package loader_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/loader"
)

// dataset writes the valid small dataset into a new folder, with file:
// replaced by textPath, and returns the folder and the dataset's path.
func dataset(tb testing.TB, textPath string) (dir, file string) {
	tb.Helper()
	b, err := os.ReadFile("testdata/valid/small.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	if !strings.Contains(string(b), "file: sources/july.txt") {
		tb.Fatal("small.yaml no longer names sources/july.txt")
	}
	dir = filepath.Join(tb.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	file = filepath.Join(dir, "small.yaml")
	if err := os.WriteFile(file, []byte(strings.Replace(string(b), "file: sources/july.txt", "file: "+textPath, 1)), 0o644); err != nil {
		tb.Fatal(err)
	}
	return dir, file
}

// copyText puts the real source text at path, so that a dataset reading it
// would pass the quote check: a refusal is the only thing that can fail.
func copyText(tb testing.TB, path string) {
	tb.Helper()
	b, err := os.ReadFile("testdata/valid/sources/july.txt")
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		tb.Fatal(err)
	}
}

func symlink(tb testing.TB, target, link string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		tb.Skipf("symlinks unavailable: %v", err)
	}
}

// problems parses file and returns its problems, failing unless it is
// refused as INVALID.
func problems(tb testing.TB, file string) []flow.Problem {
	tb.Helper()
	_, err := loader.ParseFile(file)
	var fe *flow.Error
	if !errors.As(err, &fe) || fe.Code != flow.EINVALID {
		tb.Fatalf("got %v, want an INVALID error", err)
	}
	return fe.Problems
}

// TestSourceTextStaysInFolder: a source's text is read only from inside the
// dataset's folder. Each outside file holds the real text, so following the
// path would load cleanly; only the refusal makes these cases fail.
func TestSourceTextStaysInFolder(t *testing.T) {
	const outside = "the source's text file must lie in the dataset's folder, and this path leads outside it"
	for name, tc := range map[string]struct {
		path  string
		setup func(tb testing.TB, dir string)
	}{
		"SymlinkToFile": {"sources/july.txt", func(tb testing.TB, dir string) {
			copyText(tb, filepath.Join(dir, "..", "elsewhere", "july.txt"))
			symlink(tb, filepath.Join(dir, "..", "elsewhere", "july.txt"), filepath.Join(dir, "sources", "july.txt"))
		}},
		"SymlinkToEtcPasswd": {"sources/passwd.txt", func(tb testing.TB, dir string) {
			symlink(tb, "/etc/passwd", filepath.Join(dir, "sources", "passwd.txt"))
		}},
		"RelativeSymlinkUp": {"sources/july.txt", func(tb testing.TB, dir string) {
			copyText(tb, filepath.Join(dir, "..", "july.txt"))
			symlink(tb, "../../july.txt", filepath.Join(dir, "sources", "july.txt"))
		}},
		"SymlinkedFolder": {"sources/july.txt", func(tb testing.TB, dir string) {
			copyText(tb, filepath.Join(dir, "..", "elsewhere", "july.txt"))
			symlink(tb, "../elsewhere", filepath.Join(dir, "sources"))
		}},
		"DanglingSymlink": {"sources/july.txt", func(tb testing.TB, dir string) {
			symlink(tb, "/nonexistent/july.txt", filepath.Join(dir, "sources", "july.txt"))
		}},
		"DotDot": {"../elsewhere/july.txt", func(tb testing.TB, dir string) {
			copyText(tb, filepath.Join(dir, "..", "elsewhere", "july.txt"))
		}},
		"Absolute": {"", func(tb testing.TB, dir string) {}},
	} {
		t.Run(name, func(t *testing.T) {
			path := tc.path
			if name == "Absolute" {
				path = filepath.Join(t.TempDir(), "july.txt")
				copyText(t, path)
			}
			dir, file := dataset(t, path)
			tc.setup(t, dir)
			ps := problems(t, file)
			if len(ps) != 1 || ps[0].Message != outside || ps[0].Line != 9 || ps[0].Field != "file" || ps[0].Value != path {
				t.Errorf("got %v, want one problem at line 9: %s", ps, outside)
			}
		})
	}

	t.Run("SymlinkInsideIsFollowed", func(t *testing.T) {
		dir, file := dataset(t, "sources/july.txt")
		copyText(t, filepath.Join(dir, "texts", "july.txt"))
		symlink(t, "../texts/july.txt", filepath.Join(dir, "sources", "july.txt"))
		if _, err := loader.ParseFile(file); err != nil {
			t.Errorf("a symlink within the folder: %v", err)
		}
	})

	t.Run("DatasetFolderIsASymlink", func(t *testing.T) {
		// The folder itself may be reached through a link (a deploy's
		// "current" symlink); what counts is what lies inside it.
		dir, _ := dataset(t, "sources/july.txt")
		copyText(t, filepath.Join(dir, "sources", "july.txt"))
		link := filepath.Join(t.TempDir(), "current")
		symlink(t, dir, link)
		if _, err := loader.ParseFile(filepath.Join(link, "small.yaml")); err != nil {
			t.Errorf("through a linked folder: %v", err)
		}
	})
}

// TestLongValuesAreClipped: a value printed in a problem is cut to 64
// characters with its length stated, so a 100,000-character id prints one
// short line, not 200 KB.
func TestLongValuesAreClipped(t *testing.T) {
	long := strings.Repeat("a", 100000)
	b, err := os.ReadFile("testdata/valid/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(b), "dataset: small", "dataset: "+long+"-", 1)
	src = strings.Replace(src, "  - id: tech-fund\n", "  - id: "+long+"-\n    "+strings.Repeat("k", 1000)+": 1\n", 1)
	dir := t.TempDir()
	file := filepath.Join(dir, "long.yaml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	copyText(t, filepath.Join(dir, "sources", "july.txt"))
	_, err = loader.ParseFile(file)
	if err == nil {
		t.Fatal("a 100,000-character id was accepted")
	}
	msg := err.Error()
	if len(msg) > 4000 {
		t.Errorf("the error has %d bytes, want it bounded:\n%.2000s", len(msg), msg)
	}
	cut := strings.Repeat("a", 64) + "…"
	for _, want := range []string{
		file + `:2: dataset: dataset id must be lower-case words joined by hyphens (got "` + cut + `" (100001 characters))`,
		`: ` + cut + `: id: id must be lower-case words joined by hyphens, at most 100 characters (got "` + cut + `" (100001 characters))`,
		`: ` + cut + `: ` + strings.Repeat("k", 64) + `…: unknown field in a fund`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("want %q in:\n%s", want, msg)
		}
	}
}

// TestBadBytesAreBounded: a file that is not text gives one problem per
// line up to ten, then one saying how many more lines follow.
func TestBadBytesAreBounded(t *testing.T) {
	file := filepath.Join(t.TempDir(), "binary.yaml")
	if err := os.WriteFile(file, []byte("dataset: x\n"+strings.Repeat("a: \xff\xfe\x00\n", 30)), 0o644); err != nil {
		t.Fatal(err)
	}
	ps := problems(t, file)
	if len(ps) != 11 {
		t.Fatalf("got %d problems, want 11: %v", len(ps), ps)
	}
	for i, p := range ps[:10] {
		if want := "invalid UTF-8: byte 0xff at column 4; a dataset file must be UTF-8 text"; p.Line != i+2 || p.Message != want {
			t.Errorf("problem %d: got %d: %s, want %d: %s", i, p.Line, p.Message, i+2, want)
		}
	}
	if p, want := ps[10], "and 20 more lines from here on hold bytes that are not UTF-8 text"; p.Line != 12 || p.Message != want {
		t.Errorf("last problem: got %d: %s, want 12: %s", p.Line, p.Message, want)
	}
}

// TestEveryProblemHasALine covers the structural refusals that had none.
func TestEveryProblemHasALine(t *testing.T) {
	for name, tc := range map[string]struct {
		src  string
		want string
	}{
		"ControlCharacter": {"dataset: small\ntitle: a\x01b\n", "2: control character U+0001 at column 9; a dataset file must be UTF-8 text"},
		"MissingTitle":     {"# x\ndataset: small\n", "2: missing title: the file must give its dataset a title, like title: NHS technology funding 2016-18"},
		"EndOfStream":      {"dataset: small\ntitle: \"unterminated\n\n", "2: malformed YAML: found unexpected end of stream"},
		"EmptySecondDoc":   {"dataset: small\ntitle: t\n---\n", "3: a second YAML document starts here"},
		"ByteOrderMark":    {"\ufeffdataset: small\n", "1: missing title"},
	} {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "x.yaml")
			if err := os.WriteFile(file, []byte(tc.src), 0o644); err != nil {
				t.Fatal(err)
			}
			ps := problems(t, file)
			found := false
			for _, p := range ps {
				if p.Line <= 0 {
					t.Errorf("no line: %s", p)
				}
				found = found || strings.HasPrefix(p.String(), file+":"+tc.want)
			}
			if !found {
				t.Errorf("got %v, want %s:%s", ps, file, tc.want)
			}
		})
	}
}
