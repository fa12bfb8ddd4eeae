package main

import (
	"context"
	"os"
	"os/signal"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/raqib/raqib/config"
	"github.com/robfig/cron/v3"
)

// schedule is the daemon's set of source jobs, which a reload changes.
type schedule struct {
	app  *App
	cron *cron.Cron
	work context.Context

	mu      sync.Mutex
	entries map[string]scheduled    // by source name
	order   []string                // source names in config order
	states  map[string]*sourceState // kept across reloads
	// passes tracks the passes run outside cron's own scheduling (at start
	// and after a reload), which cron.Stop does not wait for.
	passes sync.WaitGroup
}

type scheduled struct {
	id  cron.EntryID
	src config.Source
}

// apply makes the cron entries match sources: it removes the entries of
// sources that are gone or changed and adds those of new or changed ones,
// which it returns. An unchanged source keeps its entry, and so its place in
// the schedule.
func (s *schedule) apply(sources []config.Source) ([]cron.EntryID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.states == nil {
		s.states = map[string]*sourceState{}
	}
	want := map[string]config.Source{}
	names := make([]string, 0, len(sources))
	for _, src := range sources {
		want[src.Name] = src
		names = append(names, src.Name)
	}
	for name, e := range s.entries {
		if src, ok := want[name]; !ok || !sameSource(src, e.src) {
			s.cron.Remove(e.id)
			delete(s.entries, name)
			if !ok {
				s.app.log.Info("source removed", "source", name)
			}
		}
	}
	var added []cron.EntryID
	for _, src := range sources {
		if _, ok := s.entries[src.Name]; ok {
			continue
		}
		state := s.states[src.Name]
		if state == nil {
			state = &sourceState{}
			s.states[src.Name] = state
		}
		id, err := s.cron.AddFunc(src.Schedule, func() { s.app.runPass(s.work, src, state) })
		if err != nil { // validated already; this would be a bug
			return added, err
		}
		added = append(added, id)
		s.entries[src.Name] = scheduled{id: id, src: src}
		s.app.log.Info("source scheduled", "source", src.Name, "schedule", src.Schedule)
	}
	s.app.mon.Track(names)
	return added, nil
}

// nextRuns returns when each source's next scheduled pass is due.
func (s *schedule) nextRuns() map[string]time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]time.Time, len(s.entries))
	for name, e := range s.entries {
		out[name] = s.cron.Entry(e.id).Next
	}
	return out
}

// runNow runs the given entries' jobs now, each in a goroutine of its own,
// as cron runs jobs that fall due together: a slow source never holds up
// the others' passes, and the scraper's per-host gate keeps sources of one
// site within that site's limits. The jobs run as scheduled runs do, so a
// scheduled run that comes meanwhile is skipped (runPass), not doubled.
// Nothing starts once ctx has ended.
func (s *schedule) runNow(ctx context.Context, ids []cron.EntryID) {
	if ctx.Err() != nil {
		return
	}
	for _, id := range ids {
		j := s.cron.Entry(id).WrappedJob
		if j == nil { // removed meanwhile
			continue
		}
		s.passes.Add(1)
		go func() {
			defer s.passes.Done()
			j.Run()
		}()
	}
}

// sameSource compares two sources by their settings (the compiled regexp is
// derived from Follow, so it is left out).
func sameSource(a, b config.Source) bool {
	a.FollowRE, b.FollowRE = nil, nil
	return reflect.DeepEqual(a, b)
}

// reloadDebounce lets an editor finish writing (several events for one save)
// before the file is read.
const reloadDebounce = 300 * time.Millisecond

// watchConfig reloads the config when its file changes or on SIGHUP, until
// ctx ends. The folder is watched, not the file, because editors that save
// by writing a new file and renaming it over the old one would otherwise be
// missed after the first save.
func (a *App) watchConfig(ctx context.Context, s *schedule) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)

	var events <-chan fsnotify.Event
	var errs <-chan error
	path := a.cfg.Path
	if path != "" {
		w, err := fsnotify.NewWatcher()
		if err == nil {
			defer w.Close()
			err = w.Add(filepath.Dir(path))
		}
		if err != nil {
			a.log.Warn("config file not watched; SIGHUP still reloads it", "path", path, "error", err)
		} else {
			events, errs = w.Events, w.Errors
		}
	}
	var debounce <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			a.reload(ctx, s)
		case ev := <-events:
			if filepath.Clean(ev.Name) == filepath.Clean(path) && ev.Op&(fsnotify.Write|fsnotify.Create|fsnotify.Rename) != 0 {
				debounce = time.After(reloadDebounce)
			}
		case err := <-errs:
			a.log.Warn("config watch", "error", err)
		case <-debounce:
			debounce = nil
			a.reload(ctx, s)
		}
	}
}

// reload reads the config file again. A valid config's routes and sources
// replace the running ones; an invalid one is rejected with the messages of
// `raqib validate`, and the running config goes on. Settings other than
// routes and sources are read at start only, and a change to them is logged
// as needing a restart.
func (a *App) reload(ctx context.Context, s *schedule) {
	path := a.cfg.Path
	if path == "" {
		return
	}
	cfg, err := config.Load(path)
	if err != nil {
		a.log.Error("config change rejected; the running config goes on", "path", path, "problems", err.Error())
		return
	}
	// Routes first, so that the passes of new and changed sources route
	// their alerts by the new filters.
	if err := a.dests.apply(cfg, a.opt); err != nil {
		a.log.Error("config change rejected; the running config goes on", "path", path, "problems", err.Error())
		return
	}
	added, err := s.apply(cfg.Sources)
	if err != nil {
		a.log.Error("config change not applied", "path", path, "error", err)
		return
	}
	// The hosts that may be private are those the sources now name.
	a.scraper.SetTrusted(sourceURLs(cfg.Sources)...)
	// New and changed sources get a pass now: whoever added one wants to
	// see it work, not wait for its schedule.
	s.runNow(ctx, added)
	var restart []string
	if cfg.Database != a.cfg.Database {
		restart = append(restart, "database")
	}
	if cfg.Timezone != a.cfg.Timezone {
		restart = append(restart, "timezone")
	}
	if cfg.MaxAge != a.cfg.MaxAge || cfg.Retention != a.cfg.Retention {
		restart = append(restart, "max_age/retention")
	}
	if cfg.Listen != a.cfg.Listen {
		restart = append(restart, "listen")
	}
	if !reflect.DeepEqual(cfg.Discord, a.cfg.Discord) {
		restart = append(restart, "discord")
	}
	if cfg.Digest != a.cfg.Digest {
		restart = append(restart, "digest")
	}
	if !reflect.DeepEqual(cfg.Scraper, a.cfg.Scraper) {
		restart = append(restart, "scraper")
	}
	if !reflect.DeepEqual(cfg.Sites, a.cfg.Sites) {
		restart = append(restart, "sites")
	}
	a.log.Info("config reloaded", "path", path, "sources", len(cfg.Sources), "routes", len(cfg.Routes))
	if len(restart) > 0 {
		slices.Sort(restart)
		a.log.Warn("config changes that take effect only after a restart", "keys", restart)
	}
}
