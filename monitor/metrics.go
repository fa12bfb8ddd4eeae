package monitor

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/VictoriaMetrics/metrics"
)

// raqib's own metrics are a handful of counters and two histograms, kept
// under the Monitor's lock and written in the Prometheus text format by
// writeMetrics. The Prometheus client did this before; it cost the daemon a
// megabyte (its code, protobuf descriptors loaded at the first scrape, a
// registry of label maps) for a page of fifty lines per source.

var (
	passBuckets    = []float64{0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300}
	latencyBuckets = []float64{0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 4 * 3600}
)

// histogram is a Prometheus histogram over fixed upper bounds.
type histogram struct {
	bounds []float64
	counts []uint64 // counts[i]: observations in (bounds[i-1], bounds[i]]; the last one is +Inf
	sum    float64
	n      uint64
}

func newHistogram(bounds []float64) histogram {
	return histogram{bounds: bounds, counts: make([]uint64, len(bounds)+1)}
}

func (h *histogram) observe(v float64) {
	i, _ := slices.BinarySearch(h.bounds, v)
	h.counts[i]++
	h.sum += v
	h.n++
}

// write writes the histogram's series; labels is `k="v",` or empty.
func (h *histogram) write(w io.Writer, name, labels string) {
	var cum uint64
	for i, b := range h.bounds {
		cum += h.counts[i]
		fmt.Fprintf(w, "%s_bucket{%sle=%q} %d\n", name, labels, formatFloat(b), cum)
	}
	fmt.Fprintf(w, "%s_bucket{%sle=\"+Inf\"} %d\n", name, labels, h.n)
	labels = strings.TrimSuffix(labels, ",")
	if labels != "" {
		labels = "{" + labels + "}"
	}
	fmt.Fprintf(w, "%s_sum%s %s\n%s_count%s %d\n", name, labels, formatFloat(h.sum), name, labels, h.n)
}

func formatFloat(v float64) string {
	if math.IsInf(v, +1) {
		return "+Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// sourceMetrics are one source's counters. They outlive the source's
// removal by a reload, as counters do until the process restarts.
type sourceMetrics struct {
	passesOK, passesFailed                  uint64
	fetches, fetchErrors, articles, reports uint64
	duration                                histogram
}

// family writes a metric family's HELP and TYPE lines.
func family(w io.Writer, name, typ, help string) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
}

// writeMetrics writes every metric: raqib's, the outbox's alert counts read
// from the database now, then the Go runtime's and the process's. A database
// that does not answer costs the alert counts only, said in a comment line.
func (m *Monitor) writeMetrics(ctx context.Context, w io.Writer) {
	var counts map[string]map[string]int
	var countsErr error
	if m.counter != nil {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		counts, countsErr = m.counter.DeliveryCounts(ctx)
		cancel()
	}

	m.mu.Lock()
	names := make([]string, 0, len(m.perSource))
	for n := range m.perSource {
		names = append(names, n)
	}
	slices.Sort(names)
	perSource := func(name, typ, help string, value func(*sourceMetrics) uint64) {
		family(w, name, typ, help)
		for _, n := range names {
			fmt.Fprintf(w, "%s{source=\"%s\"} %d\n", name, escapeLabel(n), value(m.perSource[n]))
		}
	}
	family(w, "raqib_passes_total", "counter", "Passes over a source, by result (ok, error).")
	for _, n := range names {
		s := m.perSource[n]
		fmt.Fprintf(w, "raqib_passes_total{result=\"error\",source=\"%s\"} %d\n", escapeLabel(n), s.passesFailed)
		fmt.Fprintf(w, "raqib_passes_total{result=\"ok\",source=\"%s\"} %d\n", escapeLabel(n), s.passesOK)
	}
	family(w, "raqib_pass_duration_seconds", "histogram", "Duration of a pass over a source.")
	for _, n := range names {
		m.perSource[n].duration.write(w, "raqib_pass_duration_seconds", `source="`+escapeLabel(n)+`",`)
	}
	perSource("raqib_fetches_total", "counter", "Article pages fetched (not counting listings, feeds and 304 answers).",
		func(s *sourceMetrics) uint64 { return s.fetches })
	perSource("raqib_fetch_errors_total", "counter", "Pages that failed or yielded no text, and failed passes.",
		func(s *sourceMetrics) uint64 { return s.fetchErrors })
	perSource("raqib_articles_total", "counter", "Articles read.",
		func(s *sourceMetrics) uint64 { return s.articles })
	perSource("raqib_reports_total", "counter", "Sites found attacked in articles.",
		func(s *sourceMetrics) uint64 { return s.reports })
	family(w, "raqib_alerts_queued_total", "counter", "Alerts queued by tally rises.")
	fmt.Fprintf(w, "raqib_alerts_queued_total %d\n", m.queued)
	m.writeRouteMetricsLocked(w)
	routes := slices.Clone(m.routeOrder)
	m.mu.Unlock()

	switch {
	case countsErr != nil:
		fmt.Fprintf(w, "# raqib_alerts, raqib_deliveries: not read: %s\n", strings.ReplaceAll(countsErr.Error(), "\n", " "))
	case m.counter != nil:
		writeDeliveryCounts(w, counts, routes)
	}
	// The Go runtime's and the process's metrics (go_memstats_*,
	// go_goroutines, process_cpu_seconds_total, process_resident_memory_bytes,
	// process_open_fds, ...), typed (metrics.ExposeMetadata, set in New).
	metrics.WriteProcessMetrics(w)
	metrics.WriteFDMetrics(w)
}

// escapeLabel escapes a label value as the text format wants: backslash,
// double quote and newline, and nothing else (Go's %q would also escape
// non-ASCII characters, which Prometheus reads literally).
func escapeLabel(v string) string {
	if !strings.ContainsAny(v, "\\\"\n") {
		return v
	}
	return labelEscaper.Replace(v)
}

var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
