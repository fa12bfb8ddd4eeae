// Package commands is what the /raqib slash commands of bot mode answer:
// today's tallies, one site's last two weeks, the sources' health and a
// day's digest. It reads (never writes) the database and the monitor, and
// builds answers in alerts/discord's types; the bot there carries them to
// Discord. Nothing a command does changes the configuration or the data.
package commands

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/alerts/discord"
	"github.com/raqib/raqib/monitor"
	"github.com/raqib/raqib/storage"
)

// Name is the command's name: /raqib.
const Name = "raqib"

// Subcommands.
const (
	Today   = "today"
	Site    = "site"
	Sources = "sources"
	Digest  = "digest"
)

// Store is the data the commands read: storage.DB (opened read-only by
// the daemon).
type Store interface {
	Tallies(ctx context.Context, from, to string) ([]storage.Tally, error)
	SiteArticles(ctx context.Context, site string, limit int) ([]storage.SiteArticle, error)
	RunningTotals(ctx context.Context, from, to string) ([]storage.RunningTotal, error)
}

// Health is the sources' health: monitor.Monitor.
type Health interface {
	Sources() []monitor.SourceStatus
}

// Config is what a Handler reads.
type Config struct {
	Store  Store
	Health Health
	// Sites are the gazetteer with the config's `sites:` applied.
	Sites []raqib.Site
	// Location is the time zone whose days tallies belong to.
	Location *time.Location
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Logger; default slog.Default().
	Logger *slog.Logger
}

// Handler answers the commands; it implements discord.Handler.
type Handler struct {
	cfg   Config
	log   *slog.Logger
	sites *siteIndex
}

var _ discord.Handler = (*Handler)(nil)

// New returns a Handler over cfg.
func New(cfg Config) *Handler {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Handler{cfg: cfg, log: log, sites: newSiteIndex(cfg.Sites)}
}

// Commands is /raqib with its four subcommands.
func (h *Handler) Commands() []discord.Command {
	return []discord.Command{{
		Name:        Name,
		Description: "Attacks on US and coalition sites: tallies, sites, sources, digests",
		Options: []discord.Option{
			{Kind: discord.OptionSubcommand, Name: Today, Description: "Today's attacks per site, with the change since yesterday"},
			{Kind: discord.OptionSubcommand, Name: Site, Description: "One site: the last 14 days as a chart, and the latest articles", Options: []discord.Option{
				{Kind: discord.OptionString, Name: "site", Description: "The site's name, in Arabic or English", Required: true, Autocomplete: true, MaxLength: 100},
			}},
			{Kind: discord.OptionSubcommand, Name: Sources, Description: "Each news source's health: last success, failures, articles seen"},
			{Kind: discord.OptionSubcommand, Name: Digest, Description: "The digest of a day, with its chart", Options: []discord.Option{
				{Kind: discord.OptionString, Name: "day", Description: "YYYY-MM-DD, today or yesterday (default: today)", Autocomplete: true, MaxLength: 10},
			}},
		},
	}}
}

// Answer answers one use of a subcommand.
func (h *Handler) Answer(ctx context.Context, r discord.Request) discord.Answer {
	var a discord.Answer
	var err error
	switch r.Subcommand {
	case Today:
		a, err = h.today(ctx)
	case Site:
		a, err = h.site(ctx, r.Options["site"])
	case Sources:
		a = h.sources()
	case Digest:
		a, err = h.digest(ctx, r.Options["day"])
	default:
		return oops("I do not know /" + Name + " " + r.Subcommand + ".")
	}
	if err != nil {
		h.log.Error("command failed", "command", r.Subcommand, "error", err)
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			return oops("The database took too long to answer; try again in a moment.")
		}
		return oops("Could not read raqib's database; try again in a moment. (The daemon's log says why.)")
	}
	return a
}

// Complete suggests sites for /raqib site, days for /raqib digest.
func (h *Handler) Complete(ctx context.Context, r discord.Request) []discord.Choice {
	switch {
	case r.Subcommand == Site && r.Focused == "site":
		return h.completeSite(ctx, r.Options["site"])
	case r.Subcommand == Digest && r.Focused == "day":
		return h.completeDay(r.Options["day"])
	}
	return nil
}

// oops is an answer only the asker sees.
func oops(text string) discord.Answer { return discord.Answer{Content: text, Ephemeral: true} }

// today is the day in the configured zone.
func (h *Handler) now() time.Time { return h.cfg.Now().In(h.cfg.Location) }
