package main

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/fundflow/fundflow/internal/browsertest"
)

// TestGraphiQLOffline loads GraphiQL with every host but 127.0.0.1 blocked:
// the page must draw from the binary's own assets alone.
func TestGraphiQLOffline(t *testing.T) {
	b := browsertest.Start(t)
	base := browserServer(t, env())
	p := b.Page(t, 60*time.Second)
	p.Do(
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS(".graphiql-container")),
	)
	p.Screenshot("graphiql-offline")
	p.AssertClean()
}
