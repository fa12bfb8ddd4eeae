package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/raqib/raqib/alerts/discord"
	"github.com/raqib/raqib/commands"
	"github.com/raqib/raqib/storage"
)

// botOptions are what tests vary of the slash commands' bot.
type botOptions struct {
	httpClient   *http.Client
	reconnectMin time.Duration
	// store wraps the commands' store (a test's slow database); nil: none.
	store func(commands.Store) commands.Store
}

// runBot starts the slash commands when the config asks for them (bot mode
// with `commands: true`) and returns a channel closed once they have
// stopped, after ctx ends. The bot reads the database through a read-only
// handle of its own: a command can change nothing, and its reads never
// queue behind a pass's writes on the daemon's one connection. The bot's
// gateway connection is its own too: whatever it does, alerts go on over
// REST.
func (a *App) runBot(ctx context.Context) (<-chan struct{}, error) {
	done := make(chan struct{})
	d := a.cfg.Discord
	if d.Mode() != "bot" || !d.CommandsOn() {
		close(done)
		return done, nil
	}
	ro, err := storage.OpenReadOnly(ctx, a.cfg.Database)
	if err != nil {
		return nil, fmt.Errorf("slash commands: %w", err)
	}
	var store commands.Store = ro
	if a.botOpt.store != nil {
		store = a.botOpt.store(store)
	}
	h := commands.New(commands.Config{
		Store: store, Health: a.mon, Sites: sitesOf(a.cfg), Location: a.cfg.Location, Now: a.now, Logger: a.log,
	})
	bot, err := discord.NewBot(discord.BotConfig{
		Token: d.Token, APIURL: d.APIURL, GuildID: d.GuildID, Roles: d.CommandRoles,
		HTTPClient: a.botOpt.httpClient, Logger: a.log, ReconnectMin: a.botOpt.reconnectMin,
	}, h)
	if err != nil {
		ro.Close()
		return nil, err // already says "discord: ..."
	}
	go func() {
		defer close(done)
		defer ro.Close()
		bot.Run(ctx)
	}()
	return done, nil
}
