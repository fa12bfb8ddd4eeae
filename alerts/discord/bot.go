package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// The bot's slash commands: a gateway connection (discordgo's websocket,
// outbound only, so it works behind NAT) that registers the commands and
// receives their interactions, and the interaction endpoints that answer
// them. It has a session of its own, apart from the Notifier's: its
// connection, reconnections, requests and rate limits never touch the
// delivery of alerts, which goes on over REST whatever the gateway does.

// Defaults of BotConfig.
const (
	// DefaultDeferAfter is how long an answer may take before the bot
	// defers it ("raqib is thinking..."): well within the 3 seconds
	// Discord gives, leaving time for the network both ways.
	DefaultDeferAfter = 1500 * time.Millisecond
	// DefaultAnswerTimeout bounds the work of one answer.
	DefaultAnswerTimeout = time.Minute
	// DefaultReconnectMin and DefaultReconnectMax bound the wait between
	// two attempts to connect to the gateway; it doubles on each failure.
	DefaultReconnectMin = time.Second
	DefaultReconnectMax = 2 * time.Minute
	// completeTimeout bounds an autocomplete: its answer must come within
	// Discord's 3 seconds, or not at all.
	completeTimeout = 2 * time.Second
	// maxAnswering is how many interactions are answered at once.
	maxAnswering = 4
	// stopWait bounds how long Run waits, once stopped, for answers under
	// way.
	stopWait = 5 * time.Second
)

// Handler is what the bot answers: package commands implements it.
type Handler interface {
	// Commands are registered once the gateway is ready.
	Commands() []Command
	// Answer answers a command; it must return soon after ctx ends.
	Answer(ctx context.Context, r Request) Answer
	// Complete suggests values for r.Focused.
	Complete(ctx context.Context, r Request) []Choice
}

// BotConfig configures the bot.
type BotConfig struct {
	// Token is the bot token (the "Bot " prefix is added when missing).
	Token string
	// APIURL is the REST base, default DefaultAPIURL; the gateway's
	// address is asked of it (GET /gateway).
	APIURL string
	// GuildID, when set, registers the commands in that guild (server)
	// only; otherwise they are global.
	GuildID string
	// Roles, when set, limit the commands to members holding one of these
	// roles; others get a polite refusal only they see.
	Roles []string
	// HTTPClient sends the REST requests; default one with DefaultTimeout.
	HTTPClient *http.Client
	// Logger; default slog.Default().
	Logger *slog.Logger
	// DeferAfter, AnswerTimeout, ReconnectMin, ReconnectMax: see the
	// Default* constants (zero: the default).
	DeferAfter    time.Duration
	AnswerTimeout time.Duration
	ReconnectMin  time.Duration
	ReconnectMax  time.Duration
}

// Bot is the gateway side of bot mode. Run it once.
type Bot struct {
	cfg     BotConfig
	h       Handler
	log     *slog.Logger
	session *discordgo.Session
	scrub   scrubber

	lost  chan struct{} // a Disconnect event: the connection is gone
	ready chan string   // READY's application id
	slots chan struct{} // answers under way

	mu       sync.Mutex
	ctx      context.Context // Run's, for the answers
	stopping bool
	answers  sync.WaitGroup
	conns    map[net.Conn]bool // the gateway's TCP connections, closed at stop
}

// NewBot validates cfg and returns a Bot answering with h. Its errors never
// quote the token.
func NewBot(cfg BotConfig, h Handler) (*Bot, error) {
	tok := strings.TrimSpace(cfg.Token)
	if tok == "" {
		return nil, errors.New("discord: bot: token is required")
	}
	if !strings.HasPrefix(tok, "Bot ") {
		tok = "Bot " + tok
	}
	if strings.ContainsAny(tok, "\r\n\t\x00") {
		return nil, fmt.Errorf("discord: bot: %w", &ConfigError{Key: "token", Msg: "holds a control character"})
	}
	base, _ := url.Parse(DefaultAPIURL)
	if cfg.APIURL != "" {
		b, err := parseBase(cfg.APIURL)
		if err != nil {
			return nil, fmt.Errorf("discord: bot: %w", &ConfigError{Key: "api_url", Msg: err.Error()})
		}
		base = b
	}
	if cfg.GuildID != "" && !isSnowflake(cfg.GuildID) {
		return nil, fmt.Errorf("discord: bot: %w", &ConfigError{Key: "guild_id", Msg: "must be a Discord id (digits only)"})
	}
	for _, r := range cfg.Roles {
		if !isSnowflake(r) {
			return nil, fmt.Errorf("discord: bot: %w", &ConfigError{Key: "command_roles", Msg: "must be Discord ids (digits only)"})
		}
	}
	cfg.DeferAfter = cmpDuration(cfg.DeferAfter, DefaultDeferAfter)
	cfg.AnswerTimeout = cmpDuration(cfg.AnswerTimeout, DefaultAnswerTimeout)
	cfg.ReconnectMin = cmpDuration(cfg.ReconnectMin, DefaultReconnectMin)
	cfg.ReconnectMax = max(cmpDuration(cfg.ReconnectMax, DefaultReconnectMax), cfg.ReconnectMin)
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}

	client := &http.Client{Timeout: DefaultTimeout}
	if cfg.HTTPClient != nil {
		c := *cfg.HTTPClient
		client = &c
	}
	rt, err := newRewriter(client.Transport, base)
	if err != nil {
		return nil, fmt.Errorf("discord: bot: %w", err)
	}
	client.Transport = rt
	s, err := discordgo.New(tok)
	if err != nil {
		return nil, fmt.Errorf("discord: bot: new session: %w", err)
	}
	b := &Bot{
		cfg: cfg, h: h, log: log, session: s,
		scrub: newScrubber(base, tok, cfg.Token),
		lost:  make(chan struct{}, 1),
		ready: make(chan string, 1),
		slots: make(chan struct{}, maxAnswering),
		conns: map[net.Conn]bool{},
	}
	s.Client = client
	s.LogLevel = -1
	s.StateEnabled = false
	s.MaxRestRetries = 1
	// Reconnecting is Run's: discordgo's own loop cannot be stopped, and
	// would open the connection again after Run has closed it.
	s.ShouldReconnectOnError = false
	s.Identify.Intents = discordgo.IntentsNone // interactions come without any
	s.Dialer = &websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: 15 * time.Second,
		NetDialContext:   b.dial,
	}
	s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
		if r.Application != nil {
			select {
			case b.ready <- r.Application.ID:
			default:
			}
		}
	})
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
		select {
		case b.lost <- struct{}{}:
		default:
		}
	})
	s.AddHandler(b.onInteraction)
	return b, nil
}

func cmpDuration(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// dial opens the gateway's TCP connections, keeping them so that Run can
// close them at stop, even in the middle of discordgo's handshake (which
// has no context of its own).
func (b *Bot) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := (&net.Dialer{Timeout: 15 * time.Second}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stopping {
		c.Close()
		return nil, errors.New("stopping")
	}
	b.conns[c] = true
	return trackedConn{Conn: c, b: b}, nil
}

type trackedConn struct {
	net.Conn
	b *Bot
}

func (c trackedConn) Close() error {
	c.b.mu.Lock()
	delete(c.b.conns, c.Conn)
	c.b.mu.Unlock()
	return c.Conn.Close()
}

// Run connects to the gateway, registers the commands and answers them
// until ctx ends, reconnecting (resuming the session where Discord allows)
// whenever the connection is lost. It returns nil once stopped.
func (b *Bot) Run(ctx context.Context) error {
	b.mu.Lock()
	b.ctx = ctx
	b.mu.Unlock()
	regDone := make(chan struct{})
	go func() {
		defer close(regDone)
		b.register(ctx)
	}()
	wait := b.cfg.ReconnectMin
	for ctx.Err() == nil {
		select { // a loss before this connection is not this one's
		case <-b.lost:
		default:
		}
		opened := time.Now()
		if err := b.session.Open(); err != nil {
			if ctx.Err() != nil {
				break
			}
			b.log.Warn("discord gateway: cannot connect; slash commands wait, alerts go on", "error", b.scrub.clean(err.Error()), "retry_in", wait)
			if !sleep(ctx, wait) {
				break
			}
			wait = min(wait*2, b.cfg.ReconnectMax)
			continue
		}
		b.log.Info("discord gateway connected")
		select {
		case <-ctx.Done():
		case <-b.lost:
			b.log.Warn("discord gateway: connection lost; reconnecting")
			// A connection that held a while reconnects at once; one that
			// keeps dropping waits, doubling.
			if time.Since(opened) > time.Minute {
				wait = b.cfg.ReconnectMin
				continue
			}
			if !sleep(ctx, wait) {
				break
			}
			wait = min(wait*2, b.cfg.ReconnectMax)
		}
	}
	b.stop()
	<-regDone
	return nil
}

// stop ends the connection and waits, up to stopWait, for the answers
// under way.
func (b *Bot) stop() {
	b.mu.Lock()
	b.stopping = true
	for c := range b.conns {
		c.Close() // unblocks an Open stuck in its handshake
	}
	b.mu.Unlock()
	_ = b.session.Close()
	done := make(chan struct{})
	go func() {
		b.answers.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(stopWait):
		b.log.Warn("discord gateway: stopped with answers still under way")
	}
	b.log.Info("discord gateway closed")
}

// register overwrites the application's commands with the handler's once
// the first READY gives the application's id, retrying failures.
func (b *Bot) register(ctx context.Context) {
	var appID string
	select {
	case <-ctx.Done():
		return
	case appID = <-b.ready:
	}
	cmds := applicationCommands(b.h.Commands())
	wait := b.cfg.ReconnectMin
	for {
		got, err := b.session.ApplicationCommandBulkOverwrite(appID, b.cfg.GuildID, cmds, discordgo.WithContext(ctx))
		if err == nil {
			scope := "global"
			if b.cfg.GuildID != "" {
				scope = "guild " + b.cfg.GuildID
			}
			b.log.Info("discord: slash commands registered", "commands", len(got), "scope", scope)
			return
		}
		var re *discordgo.RESTError
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode >= 400 && re.Response.StatusCode < 500 && re.Response.StatusCode != http.StatusTooManyRequests {
			b.log.Error("discord: slash commands refused; they stay unregistered", "error", b.scrub.clean(err.Error()))
			return
		}
		b.log.Warn("discord: slash commands not registered; retrying", "error", b.scrub.clean(err.Error()), "retry_in", wait)
		if !sleep(ctx, wait) {
			return
		}
		wait = min(wait*2, b.cfg.ReconnectMax)
	}
}

// onInteraction answers one interaction. discordgo calls it on a goroutine
// of its own.
func (b *Bot) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	received := time.Now()
	i := ic.Interaction
	if i.Type != discordgo.InteractionApplicationCommand && i.Type != discordgo.InteractionApplicationCommandAutocomplete {
		return
	}
	b.mu.Lock()
	if b.stopping || b.ctx == nil {
		b.mu.Unlock()
		return
	}
	ctx := b.ctx
	b.answers.Add(1)
	b.mu.Unlock()
	defer b.answers.Done()

	req := requestOf(i)
	if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		b.complete(ctx, i, req)
		return
	}
	if !b.allowed(i) {
		b.log.Info("discord: command refused: the member has none of command_roles", "command", req.Subcommand, "user", req.UserID)
		b.respond(ctx, i, "refusal", &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: b.replyData(Answer{Content: b.refusal(), Ephemeral: true}),
		})
		return
	}
	b.answer(ctx, i, req, received)
}

// allowed reports whether the member may use the commands.
func (b *Bot) allowed(i *discordgo.Interaction) bool {
	if len(b.cfg.Roles) == 0 {
		return true
	}
	if i.Member == nil {
		return false // a direct message: no roles to show
	}
	return slices.ContainsFunc(i.Member.Roles, func(r string) bool { return slices.Contains(b.cfg.Roles, r) })
}

func (b *Bot) refusal() string {
	roles := make([]string, len(b.cfg.Roles))
	for i, r := range b.cfg.Roles {
		roles[i] = "<@&" + r + ">"
	}
	return "Only members with one of these roles can use /raqib here: " + strings.Join(roles, ", ") + "."
}

// answer runs the handler and replies: at once when the answer is ready
// within DeferAfter, else with a deferral first ("raqib is thinking...")
// and the answer as an edit of it when it comes.
func (b *Bot) answer(ctx context.Context, i *discordgo.Interaction, req Request, received time.Time) {
	select {
	case b.slots <- struct{}{}:
		defer func() { <-b.slots }()
	case <-ctx.Done():
		return
	}
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.cfg.AnswerTimeout)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel) // a stop ends the work, not the reply
	defer stop()
	done := make(chan Answer, 1)
	go func() { done <- Fit(b.h.Answer(actx, req)) }()
	timer := time.NewTimer(b.cfg.DeferAfter - time.Since(received))
	defer timer.Stop()
	var a Answer
	select {
	case a = <-done:
		b.respond(actx, i, req.Subcommand, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource, Data: b.replyData(a),
		})
		return
	case <-timer.C:
	}
	if !b.respond(actx, i, req.Subcommand, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}) {
		return
	}
	b.log.Debug("discord: answer deferred", "command", req.Subcommand, "after", time.Since(received).Round(time.Millisecond))
	a = <-done
	// The deferral was public, so is its edit (an ephemeral answer decided
	// this late, such as a database error, shows to the channel).
	d := b.replyData(a)
	embeds := d.Embeds
	edit := &discordgo.WebhookEdit{Content: &d.Content, Embeds: &embeds, Files: d.Files, AllowedMentions: d.AllowedMentions}
	if _, err := b.session.InteractionResponseEdit(i, edit, discordgo.WithContext(context.WithoutCancel(actx))); err != nil {
		b.log.Error("discord: deferred answer not sent", "command", req.Subcommand, "error", b.clean(err, i))
	}
}

// complete answers an autocomplete with at most MaxChoices suggestions.
func (b *Bot) complete(ctx context.Context, i *discordgo.Interaction, req Request) {
	var choices []*discordgo.ApplicationCommandOptionChoice
	if b.allowed(i) {
		cctx, cancel := context.WithTimeout(ctx, completeTimeout)
		for _, c := range b.h.Complete(cctx, req) {
			name, value := cut(c.Name, MaxChoiceChars), c.Value
			if name == "" || value == "" || runes(value) > MaxChoiceChars {
				continue // a value cut short would name something else
			}
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: name, Value: value})
			if len(choices) == MaxChoices {
				break
			}
		}
		cancel()
	}
	if choices == nil {
		choices = []*discordgo.ApplicationCommandOptionChoice{}
	}
	b.respond(ctx, i, "autocomplete", &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	})
}

// respond posts the interaction's response and logs a failure.
func (b *Bot) respond(ctx context.Context, i *discordgo.Interaction, what string, resp *discordgo.InteractionResponse) bool {
	if err := b.session.InteractionRespond(i, resp, discordgo.WithContext(context.WithoutCancel(ctx))); err != nil {
		b.log.Error("discord: interaction response not sent", "command", what, "error", b.clean(err, i))
		return false
	}
	return true
}

// replyData is an answer as discordgo sends it: allowed_mentions that let
// nothing ping, the ephemeral flag, files as multipart.
func (b *Bot) replyData(a Answer) *discordgo.InteractionResponseData {
	d := &discordgo.InteractionResponseData{
		Content:         a.Content,
		Embeds:          messageEmbeds(a.Embeds),
		AllowedMentions: noMentions(),
		Files:           messageFiles(a.Files),
	}
	if a.Ephemeral {
		d.Flags = discordgo.MessageFlagsEphemeral
	}
	return d
}

// clean is err's text without the bot's token or the interaction's.
func (b *Bot) clean(err error, i *discordgo.Interaction) string {
	return strings.ReplaceAll(b.scrub.clean(err.Error()), i.Token, redacted)
}

// sleep waits d or until ctx ends, and reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
