package metrics_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/fundflow/fundflow/metrics"
)

// exposition scrapes m and counts its fundflow_http_ series (label sets,
// histograms counted once by their _count line).
func exposition(t testing.TB, m *metrics.Metrics) (body string, series int) {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body = rec.Body.String()
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, "fundflow_http_requests_total{") || strings.HasPrefix(line, "fundflow_http_request_duration_seconds_count{") {
			series++
		}
	}
	return body, series
}

// maxExposition is the size the scrape may reach under any flood: 100
// operation names of the longest allowed length, each with its counter and
// latency histogram, plus the Go and process collectors.
const maxExposition = 320 << 10

func TestRequestLabelsAreBounded(t *testing.T) {
	m := metrics.New()
	long := strings.Repeat("é", 100) // 200 bytes, cut at a rune boundary
	m.Request(long, "/graphql", 200, time.Millisecond)
	for i := 0; i < 10_000; i++ {
		m.Request(fmt.Sprintf("Operation%05d%s", i, strings.Repeat("x", 60)), "/graphql", 200, time.Millisecond)
		m.Request("", fmt.Sprintf("/nosuch/%d", i), 404, time.Millisecond)
	}
	body, series := exposition(t, m)
	// 100 operations, "other" and "" on /graphql; the first 15 raw routes
	// and "other" for "" (the backstop; the server passes route templates).
	if want := 2 * (metrics.MaxOperations + 1 + metrics.MaxRoutes); series != want {
		t.Errorf("%d series, want %d", series, want)
	}
	if len(body) > maxExposition {
		t.Errorf("exposition is %d bytes, want at most %d", len(body), maxExposition)
	}
	if !strings.Contains(body, `operation="other",path="/graphql",status="200"} 9901`) {
		t.Errorf("names past the bound should count as other")
	}
	if !strings.Contains(body, `operation="`+strings.Repeat("é", metrics.MaxLabelLen/2)+`"`) {
		t.Errorf("a long name should be cut to %d bytes", metrics.MaxLabelLen)
	}
	if strings.Contains(body, "Operation00100") {
		t.Errorf("the 101st name has a series of its own")
	}
	t.Logf("exposition after the flood: %d bytes, %d request series", len(body), series)
}
