// Package monitor is what the daemon says about itself: the health of each
// source (for /healthz and for the one-time warnings in Discord) and the
// Prometheus metrics (for /metrics). It is the only package that imports the
// Prometheus client.
package monitor

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// DefaultFailureThreshold is how many failed passes in a row make a source
// unhealthy, and so worth one warning.
const DefaultFailureThreshold = 3

// Pass is the outcome of one pass over one source.
type Pass struct {
	Source   string
	Start    time.Time
	Duration time.Duration
	Listed   int // article links found on the listing or feed
	Fetched  int // pages fetched
	Articles int // articles read
	Broken   int // pages that failed or yielded no text
	Reports  int // sites found attacked
	Alerts   int // alerts queued
	// NotModified: the listing answered 304, so no links is no news.
	NotModified bool
	Err         error
}

// problem says why the pass counts against the source's health, or "".
// A pass without error can still be broken: a listing that yields no links,
// or article pages that yield no text, mean a selector stopped matching.
func (p Pass) problem() string {
	switch {
	case p.Err != nil:
		return p.Err.Error()
	case p.Listed == 0 && !p.NotModified:
		return "the listing yielded no article links: check the source's links/follow settings against the live page"
	case p.Fetched > 0 && p.Articles == 0 && p.Broken > 0:
		return "no article page yielded text: check the source's article/exclude selectors against the live page"
	}
	return ""
}

// SourceStatus is what /healthz says about one source.
type SourceStatus struct {
	Name                string    `json:"name"`
	Healthy             bool      `json:"healthy"`
	LastRun             time.Time `json:"last_run,omitzero"`
	LastSuccess         time.Time `json:"last_success,omitzero"`
	LastError           string    `json:"last_error,omitempty"`
	LastErrorAt         time.Time `json:"last_error_at,omitzero"`
	ConsecutiveFailures int       `json:"consecutive_failures"`
	ArticlesSeen        int       `json:"articles_seen"`
	NextRun             time.Time `json:"next_run,omitzero"`
}

// Change is a source's health changing: the one warning when it goes bad,
// the one notice when it works again.
type Change struct {
	Source    string
	Unhealthy bool   // true: went bad; false: recovered
	Reason    string // the last problem, for a warning
	Failures  int
}

// Monitor tracks sources and metrics. Its methods are safe for concurrent use.
type Monitor struct {
	threshold int

	mu      sync.Mutex
	sources map[string]*SourceStatus

	reg         *prometheus.Registry
	passes      *prometheus.CounterVec
	passSeconds *prometheus.HistogramVec
	fetches     *prometheus.CounterVec
	fetchErrors *prometheus.CounterVec
	articles    *prometheus.CounterVec
	reports     *prometheus.CounterVec
	queued      prometheus.Counter
	delivered   *prometheus.CounterVec
	latency     prometheus.Histogram
}

// AlertCounter counts alerts by state (pending, sent, failed); storage
// implements it, and /metrics asks it at scrape time.
type AlertCounter interface {
	AlertCounts(ctx context.Context) (map[string]int, error)
}

// New returns a Monitor whose registry holds raqib's metrics, the Go runtime
// and process collectors, and alert counts read from counter.
func New(threshold int, counter AlertCounter) *Monitor {
	if threshold < 1 {
		threshold = DefaultFailureThreshold
	}
	m := &Monitor{threshold: threshold, sources: map[string]*SourceStatus{}, reg: prometheus.NewRegistry()}
	perSource := []string{"source"}
	m.passes = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "raqib_passes_total", Help: "Passes over a source, by result (ok, error)."}, []string{"source", "result"})
	m.passSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "raqib_pass_duration_seconds", Help: "Duration of a pass over a source.",
		Buckets: []float64{0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300}}, perSource)
	m.fetches = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "raqib_fetches_total", Help: "Article pages fetched (not counting listings, feeds and 304 answers)."}, perSource)
	m.fetchErrors = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "raqib_fetch_errors_total", Help: "Pages that failed or yielded no text, and failed passes."}, perSource)
	m.articles = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "raqib_articles_total", Help: "Articles read."}, perSource)
	m.reports = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "raqib_reports_total", Help: "Sites found attacked in articles."}, perSource)
	m.queued = prometheus.NewCounter(prometheus.CounterOpts{Name: "raqib_alerts_queued_total", Help: "Alerts queued by tally rises."})
	m.delivered = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "raqib_alert_deliveries_total", Help: "Delivery attempts of alert messages, by result (ok, error)."}, []string{"result"})
	m.latency = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "raqib_alert_delivery_latency_seconds", Help: "From an alert being queued to its destination accepting it.",
		Buckets: []float64{0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 4 * 3600}})
	m.reg.MustRegister(m.passes, m.passSeconds, m.fetches, m.fetchErrors, m.articles, m.reports, m.queued, m.delivered, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if counter != nil {
		m.reg.MustRegister(alertCollector{counter})
	}
	return m
}

// Registry is the Prometheus registry /metrics serves.
func (m *Monitor) Registry() *prometheus.Registry { return m.reg }

// Track declares the sources being watched: new ones appear in /healthz
// before their first pass, removed ones disappear.
func (m *Monitor) Track(names []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	keep := map[string]bool{}
	for _, n := range names {
		keep[n] = true
		if m.sources[n] == nil {
			m.sources[n] = &SourceStatus{Name: n, Healthy: true}
		}
	}
	for n := range m.sources {
		if !keep[n] {
			delete(m.sources, n)
		}
	}
}

// RecordPass records a pass and returns the source's health change, if the
// pass made one: the threshold-th problem in a row, or the first good pass
// after the source was unhealthy. Every other pass returns nil, so that a
// broken source warns once, not once per pass.
func (m *Monitor) RecordPass(p Pass) *Change {
	result := "ok"
	if p.Err != nil {
		result = "error"
		m.fetchErrors.WithLabelValues(p.Source).Inc()
	}
	m.passes.WithLabelValues(p.Source, result).Inc()
	m.passSeconds.WithLabelValues(p.Source).Observe(p.Duration.Seconds())
	m.fetches.WithLabelValues(p.Source).Add(float64(p.Fetched))
	m.fetchErrors.WithLabelValues(p.Source).Add(float64(p.Broken))
	m.articles.WithLabelValues(p.Source).Add(float64(p.Articles))
	m.reports.WithLabelValues(p.Source).Add(float64(p.Reports))
	m.queued.Add(float64(p.Alerts))

	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.sources[p.Source]
	if s == nil {
		// A pass that was in flight when a reload removed its source: the
		// source is gone, and must not come back into /healthz.
		return nil
	}
	s.LastRun = p.Start
	s.ArticlesSeen += p.Articles
	problem := p.problem()
	if problem == "" {
		s.LastSuccess = p.Start
		s.ConsecutiveFailures = 0
		if !s.Healthy {
			s.Healthy = true
			return &Change{Source: p.Source, Unhealthy: false}
		}
		return nil
	}
	s.LastError, s.LastErrorAt = problem, p.Start
	s.ConsecutiveFailures++
	if s.Healthy && s.ConsecutiveFailures >= m.threshold {
		s.Healthy = false
		return &Change{Source: p.Source, Unhealthy: true, Reason: problem, Failures: s.ConsecutiveFailures}
	}
	return nil
}

// Sources returns the status of every source, by name.
func (m *Monitor) Sources() []SourceStatus {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]SourceStatus, 0, len(m.sources))
	for _, s := range m.sources {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Delivered records one delivery attempt of a message carrying alerts
// queued at the given times; on success, each alert's latency.
func (m *Monitor) Delivered(queued []time.Time, now time.Time, err error) {
	if err != nil {
		m.delivered.WithLabelValues("error").Inc()
		return
	}
	m.delivered.WithLabelValues("ok").Inc()
	for _, q := range queued {
		if !q.IsZero() {
			m.latency.Observe(now.Sub(q).Seconds())
		}
	}
}

// alertCollector reports the outbox's alerts by state when scraped, so the
// figures are the database's, not a counter that a restart resets.
type alertCollector struct{ counter AlertCounter }

var alertsDesc = prometheus.NewDesc("raqib_alerts", "Alerts in the outbox, by state (pending, sent, failed).", []string{"state"}, nil)

func (c alertCollector) Describe(ch chan<- *prometheus.Desc) { ch <- alertsDesc }

func (c alertCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	counts, err := c.counter.AlertCounts(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(alertsDesc, err)
		return
	}
	for _, state := range []string{"pending", "sent", "failed"} {
		ch <- prometheus.MustNewConstMetric(alertsDesc, prometheus.GaugeValue, float64(counts[state]), state)
	}
}
