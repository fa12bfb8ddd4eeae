package discord

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults of Config.
const (
	// DefaultAPIURL is Discord's REST base. discordgo itself speaks v9; the
	// transport rewrites its requests onto this base.
	DefaultAPIURL = "https://discord.com/api/v10"
	// DefaultTimeout bounds one request when Config.HTTPClient is nil.
	DefaultTimeout = 15 * time.Second
)

// Modes, as Name reports them.
const (
	NameWebhook = "discord-webhook"
	NameBot     = "discord-bot"
)

// Config says where alerts go. Exactly one mode must be set: WebhookURL, or
// Token with ChannelID.
type Config struct {
	// WebhookURL selects webhook mode: https://discord.com/api/webhooks/{id}/{token}.
	// Any Discord-compatible host is accepted, over http or https.
	WebhookURL string
	// Token and ChannelID select bot mode. The "Bot " prefix is added when
	// missing.
	Token     string
	ChannelID string
	// APIURL is the REST base, default DefaultAPIURL; in webhook mode when
	// empty, the webhook URL's scheme, host and path before /webhooks/.
	APIURL string
	// EmbassyRoleID is the role mentioned on urgent (embassy) alerts, and
	// only on them. Empty: no mention.
	EmbassyRoleID string
	// HTTPClient sends the requests; default a client with DefaultTimeout.
	// It is copied, never modified.
	HTTPClient *http.Client
}

// Validate reports what New would refuse in c, with the same errors.
func (c Config) Validate() error {
	if _, err := c.validate(); err != nil {
		return fmt.Errorf("discord: %w", err)
	}
	return nil
}

// ConfigError is a problem of a Config, with the key of the `discord:`
// block it concerns ("webhook_url"; "" for the block as a whole), so that
// the caller can point at the key's line. It never quotes a secret.
type ConfigError struct {
	Key string
	Msg string
}

func (e *ConfigError) Error() string {
	if e.Key == "" {
		return e.Msg
	}
	return e.Key + " " + e.Msg
}

// target is a validated Config: where and how to post.
type target struct {
	mode      string // NameWebhook or NameBot
	base      *url.URL
	webhookID string
	token     string // webhook token, or bot token with "Bot " prefix
	threadID  string // webhook mode: optional ?thread_id= of the webhook URL
	channelID string
	roleID    string
}

// validate checks c and works out the target. Its errors name the config
// key and never quote a secret or a URL (the webhook URL holds a token).
func (c Config) validate() (target, error) {
	var t target
	c.WebhookURL = strings.TrimSpace(c.WebhookURL)
	c.Token = strings.TrimSpace(c.Token)
	switch {
	case c.WebhookURL != "" && c.Token != "":
		return t, &ConfigError{Msg: "webhook_url and token are both set: keep one mode"}
	case c.WebhookURL != "":
		if err := t.parseWebhook(c.WebhookURL); err != nil {
			return t, err
		}
	case c.Token != "":
		t.mode = NameBot
		t.token = c.Token
		if !strings.HasPrefix(t.token, "Bot ") {
			t.token = "Bot " + t.token
		}
		if strings.ContainsAny(t.token, "\r\n\t\x00") {
			return t, &ConfigError{Key: "token", Msg: "holds a control character"}
		}
		if c.ChannelID == "" {
			return t, &ConfigError{Key: "channel_id", Msg: "is required with token"}
		}
		if !isSnowflake(c.ChannelID) {
			return t, &ConfigError{Key: "channel_id", Msg: "must be a Discord id (digits only)"}
		}
		t.channelID = c.ChannelID
	default:
		return t, &ConfigError{Msg: "neither webhook_url nor token is set"}
	}
	if c.EmbassyRoleID != "" && !isSnowflake(c.EmbassyRoleID) {
		return t, &ConfigError{Key: "embassy_role_id", Msg: "must be a Discord id (digits only)"}
	}
	t.roleID = c.EmbassyRoleID
	if c.APIURL != "" {
		base, err := parseBase(c.APIURL)
		if err != nil {
			return t, &ConfigError{Key: "api_url", Msg: err.Error()}
		}
		t.base = base
	}
	if t.base == nil {
		t.base, _ = url.Parse(DefaultAPIURL)
	}
	return t, nil
}

// parseWebhook splits a webhook URL into base, id and token. In webhook
// mode the base defaults to everything before /webhooks/, which is how a
// Discord-compatible host (or a test server) is reached without api_url.
func (t *target) parseWebhook(raw string) error {
	want := &ConfigError{Key: "webhook_url", Msg: "must look like https://discord.com/api/webhooks/ID/TOKEN"}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.Fragment != "" {
		// url.Parse errors quote the URL, token included: say what is wrong
		// without it.
		return want
	}
	before, after, ok := strings.Cut(u.Path, "/webhooks/")
	if !ok {
		return want
	}
	parts := strings.Split(strings.TrimSuffix(after, "/"), "/")
	if len(parts) != 2 || !isSnowflake(parts[0]) || !validToken(parts[1]) {
		return want
	}
	t.mode = NameWebhook
	t.webhookID, t.token = parts[0], parts[1]
	t.threadID = u.Query().Get("thread_id")
	if t.threadID != "" && !isSnowflake(t.threadID) {
		return &ConfigError{Key: "webhook_url", Msg: "has a thread_id that is not a Discord id (digits only)"}
	}
	t.base = &url.URL{Scheme: u.Scheme, Host: u.Host, Path: before}
	return nil
}

// parseBase checks a REST base URL. Its errors never quote it.
func parseBase(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("must be an http(s) URL such as " + DefaultAPIURL)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, errors.New("must not carry credentials, a query or a fragment")
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// isSnowflake reports whether s is a Discord id: 1 to 20 digits.
func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// validToken accepts the characters of Discord's webhook tokens (base64url)
// and little else, so the token can sit in a path unescaped.
func validToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
		default:
			return false
		}
	}
	return true
}
