package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/raqib/raqib/config"
	"github.com/raqib/raqib/monitor"
	"github.com/raqib/raqib/scraper"
	"github.com/raqib/raqib/storage"
	"github.com/robfig/cron/v3"
)

// How long a stopping daemon waits for the pass in flight, and then for the
// last alerts to go out, before it exits anyway.
const (
	stopPassWait  = 2 * time.Minute
	stopFlushWait = 30 * time.Second
)

func (e *env) run(ctx context.Context, args []string) error {
	fs := e.flags("run")
	path := fs.String("config", "config.yaml", "config file")
	// SIGHUP means "reload" once the daemon runs; until then (opening the
	// database, migrating) it must not kill the process, as it would by
	// default.
	signal.Ignore(syscall.SIGHUP)
	if err := e.parse(fs, args); err != nil {
		return err
	}
	cfg, err := e.loadConfig(*path)
	if err != nil {
		return err
	}
	// One daemon per database: two would each post every alert. The lock
	// is held until the daemon has flushed and closed the database.
	lock, err := lockDatabase(ctx, e.log, cfg.Database, storage.RoleRun)
	var le *storage.LockedError
	if errors.As(err, &le) && le.Holder.Role != storage.RoleOnce {
		return fmt.Errorf("%w: one daemon per database; stop that one first, or give this one a database of its own", err)
	}
	if err != nil {
		return err
	}
	defer lock.Release()
	app, err := newApp(ctx, cfg, e.log, appOptions{console: e.stdout})
	if err != nil {
		return err
	}
	defer app.Close()
	// A database that takes no write would fail every pass: refuse now.
	if err := app.db.Healthy(ctx); err != nil {
		return err
	}
	return app.Daemon(ctx)
}

// lockWaitPoll is how often a process waiting for a database's lock tries
// again.
const lockWaitPoll = time.Second

// lockDatabase takes the lock of the database at path for role. A daemon
// holding it is final (the error, a *storage.LockedError, names it); a
// `raqib once` holding it is delivering alerts and lets go within about a
// minute (onceFlushWait), so it is waited for, until ctx ends.
func lockDatabase(ctx context.Context, log *slog.Logger, path, role string) (*storage.Lock, error) {
	waiting := false
	for {
		lock, err := storage.TryLock(path, role)
		var le *storage.LockedError
		if !errors.As(err, &le) || le.Holder.Role != storage.RoleOnce {
			return lock, err
		}
		if !waiting {
			log.Info("waiting for raqib once to finish delivering", "database", path, "holder", le.Holder.String())
			waiting = true
		}
		t := time.NewTimer(lockWaitPoll)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("%w (gave up waiting: %w)", err, ctx.Err())
		case <-t.C:
		}
	}
}

// Daemon schedules every source on its cron spec in the configured time zone
// and delivers alerts as they arise, until ctx ends. Then it takes no new
// pass, lets the one in flight finish, flushes pending alerts and returns.
//
// Each source also gets one pass at start, so that a restart does not leave
// a gap as long as the schedule. Editing the config file (or SIGHUP) reloads
// its sources without a restart; see reload.go.
func (a *App) Daemon(ctx context.Context) error {
	// Passes run on their own context: a signal stops the schedule, not the
	// pass in flight, which gets stopPassWait to finish.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()

	s := a.newSchedule(work)
	c := s.cron
	initial, err := s.apply(a.cfg.Sources)
	if err != nil {
		return err
	}
	// Article bodies past the retention period are pruned once a day;
	// tallies and alert history stay.
	if _, err := c.AddFunc("17 3 * * *", func() { a.prune(work) }); err != nil {
		return fmt.Errorf("prune schedule: %w", err)
	}
	// The daily digest of the day's tallies, in the configured time zone.
	// Without Discord it goes to the console, and no chart file is written.
	if spec := a.cfg.Digest.Schedule; spec != "" {
		if _, err := c.AddFunc(spec, func() {
			if err := a.Digest(work, "", "-"); err != nil {
				a.log.Error("digest failed", "error", err)
			}
		}); err != nil {
			return fmt.Errorf("digest schedule: %w", err)
		}
	}

	// Each route's dispatcher runs on its own: one route failing or rate
	// limited never holds up another.
	a.dests.start(work)

	var running atomic.Bool
	stopListener, err := a.listen(&running, s.nextRuns)
	if err != nil {
		a.dests.stop()
		return err
	}
	defer stopListener()

	botDone, err := a.runBot(ctx) // the slash commands, if asked for
	if err != nil {
		a.dests.stop()
		return err
	}

	c.Start()
	running.Store(true)
	a.log.Info("raqib running", "sources", len(a.cfg.Sources), "timezone", a.cfg.Location.String(),
		"notifier", a.notifier.Name(), a.dests.logAttrs(), "listen", a.cfg.Listen)

	s.runNow(ctx, initial) // the start-up passes

	reloadDone := make(chan struct{})
	go func() {
		defer close(reloadDone)
		a.watchConfig(ctx, s)
	}()

	<-ctx.Done()
	a.log.Info("stopping: no new passes; waiting for the pass in flight")
	stopped := c.Stop()
	running.Store(false)
	<-reloadDone
	allDone := make(chan struct{})
	go func() {
		<-stopped.Done()
		s.passes.Wait()
		close(allDone)
	}()
	select {
	case <-allDone:
	case <-time.After(stopPassWait):
		a.log.Warn("pass still running after the stop wait; cancelling it", "waited", stopPassWait)
		cancelWork()
		<-allDone
	}

	// The dispatchers stop between messages: one under way is finished
	// and recorded, not cut short (Discord may have taken it, and the
	// flush would post it again).
	a.log.Info("passes done; finishing the delivery in flight on each route, then flushing")
	a.dests.stop()
	a.flush(context.WithoutCancel(ctx), stopFlushWait)
	<-botDone
	a.log.Info("stopped")
	return nil
}

// newSchedule returns the daemon's cron, in the configured time zone, with
// no source yet; the passes it runs get ctx work.
//
// There is no cron.SkipIfStillRunning: runPass keeps two passes of one
// source apart itself (sourceState.mu), across reloads too, and its skip
// names the source, which cron's cannot. Recover is for the other jobs
// (prune, digest); runPass recovers its own panics, naming the source.
func (a *App) newSchedule(work context.Context) *schedule {
	cl := cronLogger{a.log}
	c := cron.New(
		cron.WithLocation(a.cfg.Location),
		cron.WithParser(config.NewCronParser()), // what validated is what runs
		cron.WithLogger(cl),
		cron.WithChain(cron.Recover(cl)),
	)
	return &schedule{app: a, cron: c, work: work, entries: map[string]scheduled{}}
}

// sourceState is what the daemon keeps of a source between passes, across
// reloads.
type sourceState struct {
	// mu keeps two passes of one source apart even across a reload, which
	// replaces the cron entry (and so SkipIfStillRunning's token).
	mu sync.Mutex
	// until is when the site may be asked again after it throttled us or
	// failed (see runPass); throttles counts such answers in a row, for the
	// backoff, and why says which it was, for the skipped passes' log.
	until     time.Time
	throttles int
	why       string
}

// Backoff of a site that answers 429 or 503 (or a 5xx on its listing):
// its passes are skipped for a minute, doubling up to an hour, or for
// what its Retry-After asks if that is longer (at most a day).
const (
	throttleMin   = time.Minute
	throttleMax   = time.Hour
	retryAfterMax = 24 * time.Hour
)

// runPass is the scheduled job of one source: a pass, recorded for /healthz
// and /metrics, with one Discord message when the source goes bad or
// recovers. A site that asked us to slow down, or whose listing fails with
// a 5xx, is left alone until its backoff has passed.
func (a *App) runPass(ctx context.Context, src config.Source, state *sourceState) {
	if !state.mu.TryLock() {
		a.log.Warn("previous pass still running; skipping this run", "source", src.Name)
		return
	}
	defer state.mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			a.log.Error("pass panicked", "source", src.Name, "panic", r, "stack", string(debug.Stack()))
		}
	}()
	// A database file deleted or replaced under the daemon takes writes
	// that no later process will read: no pass goes into it.
	if err := a.db.CheckFile(); err != nil {
		a.databaseLost(ctx, src.Name, err)
		return
	}
	start := time.Now()
	if start.Before(state.until) {
		a.log.Info("pass skipped: backing off", "source", src.Name, "reason", state.why, "until", state.until.Format(time.RFC3339))
		return
	}
	st, err := a.countedPass(ctx, src) // logs the pass's one final line
	var se *scraper.StatusError
	if errors.As(err, &se) && (se.Throttled() || se.Code >= 500) {
		state.throttles++
		wait := min(throttleMin<<min(state.throttles-1, 10), throttleMax)
		wait = max(wait, min(se.RetryAfter, retryAfterMax))
		state.until = time.Now().Add(wait)
		// A 429 or 503 asks us to slow down; any other 5xx is a failing
		// site, left alone as well, but not said to have throttled us.
		reason := "the site is failing"
		if se.Throttled() {
			reason = "the site asked us to slow down"
		}
		state.why = fmt.Sprintf("%s (HTTP %d %s)", reason, se.Code, http.StatusText(se.Code))
		a.log.Warn(reason+"; backing off", "source", src.Name, "status", se.Code, "retry_in", wait)
	} else if err == nil {
		state.throttles = 0
	}
	change := a.mon.RecordPass(monitor.Pass{
		Source: src.Name, Start: start, Duration: time.Since(start),
		Listed: st.Scraped.Listed, Fetched: st.Scraped.Fetched, Articles: st.Articles,
		Broken: st.Scraped.Errors, Unmodified: st.Scraped.NotModified, LastBroken: st.Scraped.LastError,
		Reports: st.Reports, Alerts: st.Alerts,
		NotModified: st.notModified(), Err: err,
	})
	if change == nil {
		return
	}
	var text string
	if change.Unhealthy {
		text = fmt.Sprintf("Source %s has failed %d passes in a row: %s", src.Name, change.Failures, change.Reason)
		a.log.Warn("source unhealthy", "source", src.Name, "failures", change.Failures, "reason", change.Reason)
	} else {
		text = fmt.Sprintf("Source %s works again.", src.Name)
		a.log.Info("source recovered", "source", src.Name)
	}
	if err := a.announce(ctx, text); err != nil {
		a.log.Error("source health message not sent", "source", src.Name, "error", err)
	}
}

// databaseLost skips a pass because the database file is gone (err says
// how), and says so once where alerts go. Passes stay stopped until a
// restart, which opens the file the path names now; alerts already queued
// are still delivered from the file the daemon has open.
func (a *App) databaseLost(ctx context.Context, source string, err error) {
	a.log.Error("pass skipped: the database file is gone; restart raqib", "source", source, "error", err)
	if a.dbLost.Swap(true) {
		return
	}
	text := "raqib has stopped reading the news until it is restarted: " + strings.TrimPrefix(err.Error(), "storage: ")
	if err := a.announce(ctx, text); err != nil {
		a.log.Error("message about the database not sent", "error", err)
	}
}

// listen starts the /healthz and /metrics listener when the config asks for
// one, and returns its stop function.
func (a *App) listen(running *atomic.Bool, nextRuns func() map[string]time.Time) (func(), error) {
	if a.cfg.Listen == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", a.cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("listen %s: %w", a.cfg.Listen, err)
	}
	srv := &http.Server{
		Handler: a.mon.Handler(monitor.Checks{
			SchedulerRunning: running.Load,
			Database:         a.db.Healthy, // answers, is still the file opened, takes a write
			NextRuns:         nextRuns,
		}),
		ReadHeaderTimeout: 5 * time.Second,
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Error("listener stopped", "error", err)
		}
	}()
	a.log.Info("serving /healthz and /metrics", "addr", ln.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}, nil
}

func (a *App) prune(ctx context.Context) {
	cutoff := a.now().Add(-time.Duration(a.cfg.Retention))
	n, err := a.db.PruneBodies(ctx, cutoff)
	if err != nil {
		a.log.Error("prune failed", "error", err)
		return
	}
	if n > 0 {
		a.log.Info("pruned article bodies", "articles", n, "fetched_before", cutoff.Format(time.DateOnly))
	}
}

// cronLogger adapts slog to cron.Logger. cron reports every wake-up at Info,
// which would be noise in a daemon's log; those go to Debug.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "error", err)...)
}

// notModified reports whether the pass found its listing or feed unchanged
// (HTTP 304), in which case no links is no news rather than a broken
// selector.
func (s passStats) notModified() bool { return s.Scraped.Unchanged }

// countedPass is Pass, counted in a.passes and holding the extractor; the
// last pass in flight to end, even by a panic (which cron's Recover then
// logs), drops the extractor and releases the memory.
func (a *App) countedPass(ctx context.Context, src config.Source) (passStats, error) {
	a.passes.Add(1)
	a.extractor.hold()
	defer func() {
		a.extractor.release()
		if a.passes.Add(-1) == 0 {
			a.releaseMemory()
		}
	}()
	return a.Pass(ctx, src)
}

// releaseMemory hands what the passes that just ended held back to the
// system: their kept connections and their memory (the extractor is
// dropped by then). A daemon spends most of its life idle between passes,
// and the runtime would otherwise keep the pages for minutes. The first
// collection moves the pools (page buffers, extractor scratch) to their
// victim caches, the second, in FreeOSMemory, drops them and returns every
// free page; with the small heap of an idle daemon both take a few
// milliseconds.
func (a *App) releaseMemory() {
	a.scraper.CloseIdleConnections()
	runtime.GC()
	debug.FreeOSMemory()
}
