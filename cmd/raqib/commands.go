package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/alerts"
	"github.com/raqib/raqib/alerts/discord"
	"github.com/raqib/raqib/config"
	"github.com/raqib/raqib/extract"
	"github.com/raqib/raqib/scraper"
	"github.com/raqib/raqib/storage"
)

// onceFlushWait bounds how long `raqib once` keeps retrying a failing
// Discord before it leaves the rest pending for the next pass.
const onceFlushWait = time.Minute

// loadConfig loads the config and prints every problem, one per line.
func (e *env) loadConfig(path string) (*config.Config, error) {
	cfg, err := config.Load(path)
	if err != nil {
		for _, line := range strings.Split(strings.TrimRight(err.Error(), "\n"), "\n") {
			fmt.Fprintf(e.stderr, "%s: %s\n", path, line)
		}
		return nil, errReported
	}
	// The Discord notifier has rules of its own (a webhook URL's shape,
	// for one); a config it would refuse, for the default route or any
	// other, is not valid. Its messages never quote the secrets.
	var problems []*config.FieldError
	if cfg.Discord.Mode() != "" {
		if err := discordConfig(cfg).Validate(); err != nil {
			problems = append(problems, discordProblem(cfg, "discord", err))
		}
	}
	for i, r := range cfg.Routes {
		if err := routeDiscordConfig(cfg, r).Validate(); err != nil {
			problems = append(problems, discordProblem(cfg, fmt.Sprintf("routes[%d]", i), err))
		}
	}
	for _, p := range problems {
		fmt.Fprintf(e.stderr, "%s: %v\n", path, p)
	}
	if len(problems) > 0 {
		return nil, errReported
	}
	for _, w := range cfg.Warnings {
		e.log.Warn("config: " + w.Error())
	}
	return cfg, nil
}

// discordProblem words an error of the Discord notifier's Validate as the
// config's own problems are: with its key (in block, "discord" or
// "routes[1]") and line.
func discordProblem(cfg *config.Config, block string, err error) *config.FieldError {
	fe := &config.FieldError{Path: block, Msg: strings.TrimPrefix(err.Error(), "discord: ")}
	var ce *discord.ConfigError
	if errors.As(err, &ce) {
		if key := routeKey(block, ce.Key); key != "" {
			fe.Path = key
		}
		fe.Msg = ce.Msg
	}
	fe.Line = cfg.Line(fe.Path)
	return fe
}

// routeKey is the config key that the notifier's config key names in
// block: a route's role is role_id, and its bot is the discord: block's.
func routeKey(block, key string) string {
	switch {
	case key == "":
		return ""
	case block == "discord":
		return "discord." + key
	case key == "embassy_role_id":
		return block + ".role_id"
	case key == "token" || key == "api_url":
		return "discord." + key
	}
	return block + "." + key
}

func (e *env) validate(args []string) error {
	fs := e.flags("validate")
	path := fs.String("config", "config.yaml", "config file")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	cfg, err := e.loadConfig(*path)
	if err != nil {
		return err
	}
	mode := cfg.Discord.Mode()
	if mode == "" {
		mode = "none (alerts go to stdout)"
	}
	routes := ""
	if len(cfg.Routes) > 0 {
		var names []string
		for _, r := range cfg.Routes {
			names = append(names, r.Name+" ("+r.Mode()+")")
		}
		routes = ", routes: " + strings.Join(names, ", ")
	}
	fmt.Fprintf(e.stdout, "%s: valid: %d sources, database %s, time zone %s, discord %s%s\n",
		*path, len(cfg.Sources), cfg.Database, cfg.Timezone, mode, routes)
	return nil
}

// openApp parses args with fs (which has the -config flag path), loads that
// config and builds the App on it: what run, once and digest share.
func (e *env) openApp(ctx context.Context, fs *flag.FlagSet, path *string, args []string) (*App, error) {
	if err := e.parse(fs, args); err != nil {
		return nil, err
	}
	cfg, err := e.loadConfig(*path)
	if err != nil {
		return nil, err
	}
	return newApp(ctx, cfg, e.log, appOptions{console: e.stdout})
}

func (e *env) once(ctx context.Context, args []string) error {
	fs := e.flags("once")
	path := fs.String("config", "config.yaml", "config file")
	app, err := e.openApp(ctx, fs, path, args)
	if err != nil {
		return err
	}
	defer app.Close()
	if err := app.db.Healthy(ctx); err != nil {
		return err // a database that takes no write would fail every article
	}
	failed := app.PassAll(ctx)
	app.deliverOnce(ctx)
	if failed > 0 {
		e.log.Warn("pass finished with failed sources", "failed", failed, "sources", len(app.cfg.Sources))
	}
	return nil
}

// deliverOnce is the delivery of `raqib once`: it flushes the outbox
// holding the database's lock, so that no other process posts the same
// alerts meanwhile. Beside a daemon, which holds the lock for its whole
// life, it leaves the alerts to the daemon (delivered at its next look at
// the outbox, within alerts.DefaultPoll); another once delivering is waited
// for.
func (a *App) deliverOnce(ctx context.Context) {
	lock, err := lockDatabase(ctx, a.log, a.cfg.Database, storage.RoleOnce)
	var le *storage.LockedError
	switch {
	case errors.As(err, &le) && le.Holder.Role == storage.RoleRun:
		pending, _ := a.db.PendingCount(ctx)
		a.log.Info("a daemon runs on this database and delivers the pending alerts; none sent from here",
			"pending", pending, "daemon", le.Holder.String(), "within", alerts.DefaultPoll)
		return
	case err != nil:
		a.log.Error("alerts not delivered: the database's lock", "error", err)
		return
	}
	defer lock.Release()
	a.flush(ctx, onceFlushWait)
}

// flush delivers what is pending on every route, for at most wait, and
// says what is left.
func (a *App) flush(ctx context.Context, wait time.Duration) {
	sent, err := a.dests.Flush(ctx, wait)
	if err == nil {
		if sent > 0 {
			a.log.Info("alerts delivered", "sent", sent)
		}
		return
	}
	pending, _ := a.db.PendingCount(context.WithoutCancel(ctx))
	a.log.Warn("alerts left pending; the next pass delivers them", "sent", sent, "pending", pending, "error", err)
}

func (e *env) extract(args []string) error {
	fs := e.flags("extract")
	lang := fs.String("lang", "auto", "language of the article: ar, en or auto")
	cfgPath := fs.String("config", "", "optional: a config file whose sites: (added sites and aliases) the extractor also knows, and whose timezone gives today")
	date := fs.String("date", "", "the article's day, YYYY-MM-DD: the day of attacks the text does not date (default: today in the config's timezone, "+config.DefaultTimezone+" without -config)")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	switch *lang {
	case "ar", "en", "auto":
	default:
		return usageError{fmt.Errorf("-lang %q: want ar, en or auto", *lang)}
	}
	if *date != "" {
		if _, err := time.Parse(time.DateOnly, *date); err != nil {
			return usageError{fmt.Errorf("-date %q: want YYYY-MM-DD", *date)}
		}
	}
	if fs.NArg() > 1 {
		return usageError{errors.New("at most one FILE")}
	}
	var data []byte
	var err error
	name := "stdin"
	if fs.NArg() == 1 && fs.Arg(0) != "-" {
		name = fs.Arg(0)
		data, err = os.ReadFile(name)
	} else {
		data, err = io.ReadAll(e.stdin)
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	text := string(data)
	if scraper.LooksLikeHTML(data) {
		art, err := scraper.ParseArticle(data, "", "", scraper.Selectors{})
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		text = art.Text
	}
	var cfg *config.Config
	if *cfgPath != "" {
		if cfg, err = e.loadConfig(*cfgPath); err != nil {
			return err
		}
	}
	ex, err := extract.New(sitesOf(cfg))
	if err != nil {
		return err
	}
	if *date == "" {
		loc, err := time.LoadLocation(config.DefaultTimezone)
		if cfg != nil {
			loc, err = cfg.Location, nil
		}
		if err != nil {
			return err
		}
		*date = time.Now().In(loc).Format(time.DateOnly)
	}
	res := ex.Extract(text, *lang, *date)
	if res.Sites == nil {
		res.Sites = []raqib.Finding{} // the JSON says "sites": [], never null
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}
