package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/alerts"
	"github.com/raqib/raqib/alerts/discord"
	"github.com/raqib/raqib/config"
	"github.com/raqib/raqib/monitor"
	"github.com/raqib/raqib/scraper"
	"github.com/raqib/raqib/storage"
)

// App is raqib wired together from a config: the one place that knows every
// package. run, once and demo all drive the same App.
type App struct {
	cfg       *config.Config
	log       *slog.Logger
	db        *storage.DB
	scraper   *scraper.Scraper
	extractor *lazyExtractor
	sites     map[string]raqib.Site
	// notifier is the default route's: the discord: block's, or the
	// console.
	notifier alerts.Notifier
	// dests are the routes alerts go out by, each with its dispatcher:
	// the default one and those of routes:.
	dests *destinations
	mon   *monitor.Monitor
	// announce posts a message about raqib itself (source health) where
	// the default route's alerts go.
	announce func(ctx context.Context, text string) error
	console  io.Writer
	opt      appOptions // kept for the routes a reload adds
	now      func() time.Time
	// botOpt are the tests' settings of the slash commands' bot.
	botOpt botOptions
	// passes counts the daemon's passes in flight; the last one to end
	// hands the memory back (releaseMemory).
	passes atomic.Int32
	// dbLost is set once the database's path no longer names the file
	// the daemon has open (see runPass), and said where alerts go.
	dbLost atomic.Bool
}

// appOptions are the few things the commands vary.
type appOptions struct {
	// console receives alerts when no Discord is configured, and an echo of
	// every alert when echo is set (the demo).
	console io.Writer
	echo    bool
	// httpClient is used for Discord (nil: the notifier's default).
	httpClient *http.Client
	// minBackoff and maxBackoff bound the dispatchers' waits between
	// retries (0: alerts.DefaultMinBackoff, DefaultMaxBackoff); tests
	// shorten them.
	minBackoff, maxBackoff time.Duration
}

// newApp opens the database and builds every part. The caller closes it.
func newApp(ctx context.Context, cfg *config.Config, log *slog.Logger, opt appOptions) (*App, error) {
	sites := sitesOf(cfg)
	ex, err := newLazyExtractor(sites)
	if err != nil {
		return nil, err
	}

	console := alerts.NewConsole(opt.console)
	var notifier alerts.Notifier = console
	announce := func(_ context.Context, text string) error {
		_, err := fmt.Fprintf(opt.console, "[raqib] %s\n", text)
		return err
	}
	var digests digestSender
	if cfg.Discord.Mode() != "" {
		dc := discordConfig(cfg)
		dc.HTTPClient = opt.httpClient
		d, err := discord.New(dc)
		if err != nil {
			return nil, err // already says "discord: ..."
		}
		notifier = d
		announce = d.Announce
		digests = d
		if opt.echo {
			notifier = alerts.Tee{Primary: d, Echo: console}
		}
	}

	db, err := storage.Open(ctx, cfg.Database)
	if err != nil {
		return nil, err
	}
	mon := monitor.New(monitor.DefaultFailureThreshold, db)
	sc := scraperConfig(cfg, log)
	sc.Validators = db // conditional GETs, with validators kept from run to run
	app := &App{
		cfg:       cfg,
		log:       log,
		db:        db,
		scraper:   scraper.New(sc),
		extractor: ex,
		sites:     sitesByID(sites),
		notifier:  notifier,
		mon:       mon,
		announce:  announce,
		console:   opt.console,
		opt:       opt,
		now:       time.Now,
		botOpt:    botOptions{httpClient: opt.httpClient},
	}
	app.dests = &destinations{app: app, list: []*destination{{
		name: raqib.DefaultRoute, notifier: notifier, digests: digests,
		dispatcher: app.newDispatcher(raqib.DefaultRoute, notifier, opt),
	}}}
	if err := app.dests.apply(cfg, opt); err != nil {
		db.Close()
		return nil, err
	}
	return app, nil
}

// Close closes the database.
func (a *App) Close() error { return a.db.Close() }

func scraperConfig(cfg *config.Config, log *slog.Logger) scraper.Config {
	s := cfg.Scraper
	ua := s.UserAgent
	if ua == "" {
		v, _ := versionInfo()
		ua = "raqib/" + v + " (news monitor; +https://github.com/raqib/raqib)"
	}
	return scraper.Config{
		UserAgent:   ua,
		Timeout:     time.Duration(s.Timeout),
		MaxBodySize: s.MaxBodySize,
		Parallelism: s.Parallelism,
		Delay:       time.Duration(s.Delay),
		MaxArticles: s.MaxArticles,
		Trusted:     sourceURLs(cfg.Sources),
		Logger:      log,
	}
}

// sourceURLs are the URLs the sources name (url or feed): their hosts are
// the only ones the scraper may reach on a private network.
func sourceURLs(sources []config.Source) []string {
	urls := make([]string, 0, len(sources))
	for _, s := range sources {
		urls = append(urls, s.URL+s.Feed) // exactly one is set
	}
	return urls
}

func scraperSource(s config.Source) scraper.Source {
	return scraper.Source{
		Name:    s.Name,
		URL:     s.URL,
		Feed:    s.Feed,
		Links:   s.Links,
		Follow:  s.FollowRE,
		Article: s.Article,
		Exclude: s.Exclude,
		Lang:    s.Lang,
		Robots:  s.HonourRobots(),
	}
}

// metered counts a route's deliveries and their latency for /metrics and
// /healthz, around the notifier its dispatcher uses.
type metered struct {
	alerts.Notifier
	mon   *monitor.Monitor
	route string
}

func (m metered) Notify(ctx context.Context, batch []raqib.Alert) (string, error) {
	id, err := m.Notifier.Notify(ctx, batch)
	queued := make([]time.Time, len(batch))
	for i, a := range batch {
		queued[i] = a.Created
	}
	m.mon.Delivered(m.route, queued, time.Now(), err)
	return id, err
}

// meter wraps n in metered, keeping it an alerts.Editor when n is one
// (Discord). The console is not: were it to claim edits, the dispatcher
// would mark as shown the corroborations of Discord messages that nobody
// edited, and a later switch back to Discord would never show them.
func meter(n alerts.Notifier, mon *monitor.Monitor, route string) alerts.Notifier {
	if ed, ok := n.(alerts.Editor); ok {
		return meteredEditor{metered{n, mon, route}, ed}
	}
	return metered{n, mon, route}
}

// meteredEditor is metered with the notifier's corroboration edits.
type meteredEditor struct {
	metered
	ed alerts.Editor
}

func (m meteredEditor) Edit(ctx context.Context, messageID string, batch []raqib.Alert, also map[int64][]raqib.Article) error {
	return m.ed.Edit(ctx, messageID, batch, also)
}

var _ alerts.Editor = meteredEditor{}

// discordConfig is the notifier's config from raqib's. The notifier's own
// Validate is the last word on it, and `raqib validate` asks it too, so that
// a config that validates is one that runs.
func discordConfig(cfg *config.Config) discord.Config {
	return discord.Config{
		WebhookURL:    cfg.Discord.WebhookURL,
		Token:         cfg.Discord.Token,
		ChannelID:     cfg.Discord.ChannelID,
		APIURL:        cfg.Discord.APIURL,
		EmbassyRoleID: cfg.Discord.EmbassyRoleID,
	}
}

// routeDiscordConfig is the notifier's config of a route: its own webhook
// (posted to the webhook's own host), or, in bot mode, its channel as the
// bot of the discord: block. The route's role is its embassy role.
func routeDiscordConfig(cfg *config.Config, r config.Route) discord.Config {
	if r.WebhookURL != "" {
		return discord.Config{WebhookURL: r.WebhookURL, EmbassyRoleID: r.RoleID}
	}
	return discord.Config{Token: cfg.Discord.Token, ChannelID: r.ChannelID, APIURL: cfg.Discord.APIURL, EmbassyRoleID: r.RoleID}
}
