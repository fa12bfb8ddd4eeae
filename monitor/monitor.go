// Package monitor is what the daemon says about itself: the health of each
// source (for /healthz and for the one-time warnings in Discord) and the
// Prometheus metrics (for /metrics).
package monitor

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/VictoriaMetrics/metrics"
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
	// Unmodified counts article pages answered 304 Not Modified: read
	// fine, and unchanged.
	Unmodified int
	// LastBroken says why the last broken page failed.
	LastBroken string
	Reports    int // sites found attacked
	Alerts     int // alerts queued
	// NotModified: the listing answered 304, so no links is no news.
	NotModified bool
	Err         error
}

// problem says why the pass counts against the source's health, or "".
// A pass without error can still be broken: a listing that yields no links,
// or article pages that yield no text, mean a selector stopped matching;
// and a source whose article pages mostly fail (HTTP errors, oversize
// pages, redirect loops, timeouts) yields nothing, though its listing
// reads fine.
func (p Pass) problem() string {
	read := p.Articles + p.Unmodified // pages that came back fine
	switch {
	case p.Err != nil:
		return p.Err.Error()
	case p.Listed == 0 && !p.NotModified:
		return "the listing yielded no article links: check the source's links/follow settings against the live page"
	case p.Fetched > 0 && read == 0 && p.Broken > 0 && p.Broken <= p.Fetched:
		return "no article page yielded text: check the source's article/exclude selectors against the live page"
	case p.Broken > read:
		return fmt.Sprintf("%d of %d article pages could not be read (the last: %s): the site may be failing or refusing us; see the log's \"article skipped\" lines",
			p.Broken, p.Broken+read, p.LastBroken)
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

	// The metrics, under mu too (metrics.go, routes.go).
	counter    AlertCounter
	perSource  map[string]*sourceMetrics
	queued     uint64
	perRoute   map[string]*routeMetrics
	routeOrder []string // the routes tracked, for /healthz
}

// AlertCounter counts the outbox's deliveries by route and state (pending,
// sent, failed); storage implements it, and /metrics and /healthz ask it
// when they are read.
type AlertCounter interface {
	DeliveryCounts(ctx context.Context) (map[string]map[string]int, error)
}

// New returns a Monitor whose metrics include alert counts read from
// counter (nil: none).
func New(threshold int, counter AlertCounter) *Monitor {
	if threshold < 1 {
		threshold = DefaultFailureThreshold
	}
	// HELP and TYPE lines for the Go and process metrics too. The library
	// keeps this switch for the whole process; raqib has one metrics page.
	metrics.ExposeMetadata(true)
	return &Monitor{
		threshold: threshold,
		sources:   map[string]*SourceStatus{},
		counter:   counter,
		perSource: map[string]*sourceMetrics{},
		perRoute:  map[string]*routeMetrics{},
	}
}

// Track declares the sources being watched: new ones appear in /healthz
// before their first pass, removed ones disappear.
func (m *Monitor) Track(names []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	keep := map[string]bool{}
	var fresh []string
	for _, n := range names {
		keep[n] = true
		if m.sources[n] == nil {
			m.sources[n] = &SourceStatus{Name: n, Healthy: true}
		}
		if m.perSource[n] == nil {
			fresh = append(fresh, n)
		}
	}
	// The metrics of new sources, in two allocations (the structs, their
	// bucket counts): made by each source's first pass instead, each would
	// land among that pass's garbage and keep a span of the heap alive when
	// the daemon goes idle. Their series also
	// appear, at zero, before the first pass.
	ms := make([]sourceMetrics, len(fresh))
	buckets := len(passBuckets) + 1
	counts := make([]uint64, len(fresh)*buckets)
	for i, n := range fresh {
		ms[i].duration = histogram{bounds: passBuckets, counts: counts[i*buckets : (i+1)*buckets : (i+1)*buckets]}
		m.perSource[n] = &ms[i]
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
	m.mu.Lock()
	defer m.mu.Unlock()
	pm := m.perSource[p.Source]
	if pm == nil {
		pm = &sourceMetrics{duration: newHistogram(passBuckets)}
		m.perSource[p.Source] = pm
	}
	if p.Err != nil {
		pm.passesFailed++
		pm.fetchErrors++
	} else {
		pm.passesOK++
	}
	pm.duration.observe(p.Duration.Seconds())
	pm.fetches += uint64(p.Fetched)
	pm.fetchErrors += uint64(p.Broken)
	pm.articles += uint64(p.Articles)
	pm.reports += uint64(p.Reports)
	m.queued += uint64(p.Alerts)

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
