package monitor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// A broken source warns once when it crosses the threshold and once when it
// recovers, never once per pass.
func TestRecordPassHealthChanges(t *testing.T) {
	m := New(3, nil)
	m.Track([]string{"a"})
	ok := Pass{Source: "a", Listed: 5, Fetched: 5, Articles: 5}
	noLinks := Pass{Source: "a", Fetched: 1}
	noText := Pass{Source: "a", Listed: 3, Fetched: 4, Broken: 3}
	failed := Pass{Source: "a", Err: errors.New("listing: HTTP 503")}
	notModified := Pass{Source: "a", Fetched: 1, NotModified: true}

	steps := []struct {
		pass Pass
		want string // "", "unhealthy" or "recovered"
	}{
		{ok, ""}, {notModified, ""}, {noLinks, ""}, {failed, ""}, {noText, "unhealthy"},
		{noLinks, ""}, {failed, ""}, {ok, "recovered"}, {ok, ""}, {failed, ""},
	}
	for i, s := range steps {
		got := ""
		if c := m.RecordPass(s.pass); c != nil {
			got = map[bool]string{true: "unhealthy", false: "recovered"}[c.Unhealthy]
			if c.Unhealthy && !strings.Contains(c.Reason, "selector") {
				t.Errorf("step %d: reason %q does not say what to check", i, c.Reason)
			}
		}
		if got != s.want {
			t.Errorf("step %d: change %q, want %q", i, got, s.want)
		}
	}
	st := m.Sources()
	if len(st) != 1 || !st[0].Healthy || st[0].ConsecutiveFailures != 1 || st[0].ArticlesSeen != 15 {
		t.Errorf("status: %+v", st)
	}
}

// TestPassProblem: what makes a pass count against its source's health,
// article-level failures included.
func TestPassProblem(t *testing.T) {
	tests := []struct {
		name string
		pass Pass
		want string // a part of the problem; "" for none
	}{
		{"ok", Pass{Listed: 5, Fetched: 5, Articles: 5}, ""},
		{"listing unchanged", Pass{NotModified: true}, ""},
		{"pass failed", Pass{Err: errors.New("listing: HTTP 503")}, "HTTP 503"},
		{"no links", Pass{Fetched: 1}, "links/follow"},
		{"no text", Pass{Listed: 3, Fetched: 3, Broken: 3}, "article/exclude selectors"},
		{"every article fails", Pass{Listed: 8, Broken: 8, LastBroken: "HTTP 500 Internal Server Error"}, "8 of 8 article pages could not be read (the last: HTTP 500"},
		{"most articles fail", Pass{Listed: 10, Fetched: 4, Articles: 4, Broken: 6, LastBroken: "timeout"}, "6 of 10 article pages"},
		{"no text and failures", Pass{Listed: 5, Fetched: 1, Broken: 5, LastBroken: "redirect loop"}, "5 of 5 article pages"},
		{"a few articles fail", Pass{Listed: 10, Fetched: 8, Articles: 8, Broken: 2}, ""},
		{"half fail", Pass{Listed: 4, Fetched: 2, Articles: 2, Broken: 2}, ""},
		{"the rest unchanged", Pass{Listed: 10, Unmodified: 9, Broken: 1}, ""},
		{"the one new article fails", Pass{Listed: 10, Unmodified: 0, Broken: 1, LastBroken: "HTTP 404"}, "1 of 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.pass.problem()
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("problem() = %q, want %q", got, tc.want)
			}
		})
	}
}

type counts map[string]map[string]int

func (c counts) DeliveryCounts(context.Context) (map[string]map[string]int, error) { return c, nil }

func TestHandler(t *testing.T) {
	m := New(0, counts{"default": {"pending": 2, "sent": 7}, "syria-desk": {"pending": 1, "failed": 1}, "gone": {"pending": 4}})
	m.Track([]string{"news-ar", "news-en"})
	m.TrackRoutes([]string{"default", "syria-desk", "iraq-desk"})
	m.RecordPass(Pass{Source: "news-ar", Start: time.Now(), Duration: time.Second, Listed: 2, Fetched: 3, Articles: 2, Reports: 3, Alerts: 3})
	m.RecordPass(Pass{Source: "news-ar", Start: time.Now(), Duration: 3 * time.Second, Listed: 2, NotModified: true})
	m.Delivered("default", []time.Time{time.Now().Add(-2 * time.Second)}, time.Now(), nil)
	m.Delivered("syria-desk", []time.Time{time.Now()}, time.Now(), errors.New("rate limited (HTTP 429)"))
	m.Delivered("syria-desk", []time.Time{time.Now()}, time.Now(), errors.New("rate limited (HTTP 429)"))

	running := true
	var dbErr error
	srv := httptest.NewServer(m.Handler(Checks{
		SchedulerRunning: func() bool { return running },
		Database:         func(context.Context) error { return dbErr },
	}))
	defer srv.Close()

	get := func(path string) (int, string) {
		resp, err := srv.Client().Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, body := get("/healthz")
	var h healthz
	if err := json.Unmarshal([]byte(body), &h); err != nil || code != 200 || h.Status != "ok" || len(h.Sources) != 2 || h.Sources[0].ArticlesSeen != 2 {
		t.Errorf("healthz: %d %v\n%s", code, err, body)
	}
	// Each route tracked, in order, with its deliveries and its last
	// attempts; a failing route does not make the daemon unavailable.
	var routes []string
	for _, r := range h.Routes {
		routes = append(routes, fmt.Sprintf("%s %d/%d/%d %d %q %v", r.Name, r.Pending, r.Sent, r.Failed, r.ConsecutiveFailures, r.LastError, r.LastSent.IsZero()))
	}
	if want := []string{`default 2/7/0 0 "" false`, `syria-desk 1/0/1 2 "rate limited (HTTP 429)" true`, `iraq-desk 0/0/0 0 "" true`}; !slices.Equal(routes, want) {
		t.Errorf("healthz routes:\n got %q\nwant %q", routes, want)
	}
	dbErr = errors.New("database is locked")
	if code, body := get("/healthz"); code != 503 || !strings.Contains(body, "database is locked") {
		t.Errorf("healthz with a dead database: %d\n%s", code, body)
	}
	dbErr, running = nil, false
	if code, _ := get("/healthz"); code != 503 {
		t.Errorf("healthz with the scheduler stopped: %d", code)
	}

	code, body = get("/metrics")
	for _, want := range []string{
		`raqib_passes_total{result="ok",source="news-ar"} 2`,
		`raqib_passes_total{result="error",source="news-ar"} 0`,
		`raqib_articles_total{source="news-ar"} 2`,
		`raqib_fetches_total{source="news-ar"} 3`,
		`raqib_reports_total{source="news-ar"} 3`,
		`raqib_alerts_queued_total 3`,
		`raqib_alerts{state="pending"} 2`,
		`raqib_alerts{state="sent"} 7`,
		`raqib_deliveries{route="default",state="sent"} 7`,
		`raqib_deliveries{route="syria-desk",state="failed"} 1`,
		`raqib_deliveries{route="iraq-desk",state="pending"} 0`,
		`raqib_deliveries{route="gone",state="pending"} 4`,
		`raqib_alert_deliveries_total{result="ok",route="default"} 1`,
		`raqib_alert_deliveries_total{result="error",route="syria-desk"} 2`,
		`raqib_alert_deliveries_total{result="ok",route="iraq-desk"} 0`,
		`raqib_alert_delivery_latency_seconds_count{route="default"} 1`,
		`raqib_alert_delivery_latency_seconds_count{route="syria-desk"} 0`,
		"# TYPE raqib_pass_duration_seconds histogram",
		// Buckets are cumulative and inclusive: the 1 s pass is in le="1"
		// and every bucket above; the 3 s one from le="5".
		`raqib_pass_duration_seconds_bucket{source="news-ar",le="0.5"} 0`,
		`raqib_pass_duration_seconds_bucket{source="news-ar",le="1"} 1`,
		`raqib_pass_duration_seconds_bucket{source="news-ar",le="2.5"} 1`,
		`raqib_pass_duration_seconds_bucket{source="news-ar",le="5"} 2`,
		`raqib_pass_duration_seconds_bucket{source="news-ar",le="300"} 2`,
		`raqib_pass_duration_seconds_bucket{source="news-ar",le="+Inf"} 2`,
		`raqib_pass_duration_seconds_sum{source="news-ar"} 4`,
		`raqib_pass_duration_seconds_count{source="news-ar"} 2`,
		// A tracked source has its series before its first pass.
		`raqib_passes_total{result="ok",source="news-en"} 0`,
		`raqib_pass_duration_seconds_count{source="news-en"} 0`,
		// The Go and process metrics, typed.
		"# TYPE go_goroutines gauge",
		"# TYPE process_resident_memory_bytes gauge",
		"# TYPE process_open_fds gauge",
	} {
		// Whole lines: `} 1` must not match `} 10`.
		if !strings.Contains(body, "\n"+want+"\n") {
			t.Errorf("/metrics lacks the line %q", want)
		}
	}
	if code != 200 {
		t.Errorf("/metrics: %d", code)
	}
	if t.Failed() {
		t.Logf("/metrics:\n%s", body)
	}

	// Served plain even to a scraper that offers gzip: a pooled gzip writer
	// would keep over a megabyte resident in an idle daemon.
	req, _ := http.NewRequest("GET", srv.URL+"/metrics", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if enc := resp.Header.Get("Content-Encoding"); enc != "" {
		t.Errorf("/metrics with Accept-Encoding gzip: Content-Encoding %q, want none", enc)
	}
}

type failingCounts struct{}

func (failingCounts) DeliveryCounts(context.Context) (map[string]map[string]int, error) {
	return nil, errors.New("database is locked")
}

// A database that does not answer costs the alert counts, not the page.
func TestMetricsWithoutDatabase(t *testing.T) {
	m := New(0, failingCounts{})
	m.Track([]string{"news-ar"})
	var b strings.Builder
	m.writeMetrics(context.Background(), &b)
	out := b.String()
	if strings.Contains(out, "raqib_alerts{") || !strings.Contains(out, "# raqib_alerts, raqib_deliveries: not read: database is locked\n") {
		t.Errorf("alert counts with a failing database: want none and a comment saying why\n%s", out)
	}
	if !strings.Contains(out, "\nraqib_passes_total{result=\"ok\",source=\"news-ar\"} 0\n") || !strings.Contains(out, "\ngo_goroutines ") {
		t.Errorf("the rest of the page is missing\n%s", out)
	}
}

func TestEscapeLabel(t *testing.T) {
	for in, want := range map[string]string{
		"news-ar": "news-ar",
		`a"b\c`:   `a\"b\\c`,
		"a\nb":    `a\nb`,
		"قناة-1":  "قناة-1", // UTF-8 as it is, not \u escapes
	} {
		if got := escapeLabel(in); got != want {
			t.Errorf("escapeLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHistogramBuckets(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want int // index in counts; len(bounds) is +Inf
	}{
		{0, 0}, {1, 0}, {1.5, 1}, {2, 1}, {2.01, 2}, {5, 2}, {5.5, 3}, {1e9, 3},
	} {
		h := newHistogram([]float64{1, 2, 5})
		h.observe(tc.v)
		if h.counts[tc.want] != 1 || h.n != 1 || h.sum != tc.v {
			t.Errorf("observe(%v): counts %v, n %d, sum %v; want the count in bucket %d", tc.v, h.counts, h.n, h.sum, tc.want)
		}
	}
}
