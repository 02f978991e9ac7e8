package browsertest

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"
)

// ArtefactsDir is where screenshots go: $FUNDFLOW_ARTEFACTS, else
// browser-artefacts/ in the system's temporary directory. It survives the
// test, so a person (or CI) can look at what the browser drew.
func ArtefactsDir() string {
	if d := os.Getenv("FUNDFLOW_ARTEFACTS"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "fundflow-browser-artefacts")
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// Screenshot captures the viewport as a PNG, saves it as the artefact
// NAME.png, checks that it is a picture of something (not one flat colour:
// a page that failed to draw), and returns it.
func (p *Page) Screenshot(name string) image.Image {
	p.tb.Helper()
	buf := Run(p, chromedp.CaptureScreenshot())
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		p.tb.Fatalf("screenshot %s is not a PNG: %v", name, err)
	}
	dir := ArtefactsDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.tb.Fatal(err)
	}
	file := filepath.Join(dir, unsafeName.ReplaceAllString(name, "_")+".png")
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		p.tb.Fatal(err)
	}
	p.tb.Logf("screenshot: %s", file)
	if n := Colours(img, 64); n < 8 {
		p.tb.Errorf("screenshot %s has %d colours: the page drew (almost) nothing", file, n)
	}
	return img
}

// Colours counts the distinct colours of img, up to limit, sampling every
// fourth pixel of every fourth row: enough to tell a drawn page from a
// blank one.
func Colours(img image.Image, limit int) int {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 4 {
		for x := b.Min.X; x < b.Max.X; x += 4 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r >> 8, g >> 8, bl >> 8, a >> 8}] = true
			if len(seen) >= limit {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// SizeIs fails the test unless img is w×h device pixels.
func SizeIs(tb testing.TB, img image.Image, w, h int) {
	tb.Helper()
	if got := img.Bounds().Size(); got.X != w || got.Y != h {
		tb.Errorf("screenshot is %dx%d, want %dx%d", got.X, got.Y, w, h)
	}
}
