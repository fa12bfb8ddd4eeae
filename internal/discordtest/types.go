package discordtest

import (
	"encoding/json"
	"time"
)

// Modes of a recorded message: how it reached the fake.
const (
	ModeWebhook = "webhook"
	ModeBot     = "bot"
)

// Message is one message the fake accepted, as a test wants to see it: the
// decoded payload (content, embeds, allowed_mentions) next to the exact JSON
// that was posted.
type Message struct {
	ID              string           `json:"id"`
	ChannelID       string           `json:"channel_id"`
	Mode            string           `json:"-"` // ModeWebhook or ModeBot
	Content         string           `json:"content"`
	Embeds          []Embed          `json:"embeds"`
	AllowedMentions *AllowedMentions `json:"-"`
	Nonce           string           `json:"nonce,omitempty"`
	// Flags are the message's flags (64: ephemeral), for interaction
	// replies.
	Flags int `json:"-"`
	// Whom the message notified, as Discord works it out from content and
	// allowed_mentions (embeds never ping).
	PingedRoles     []string  `json:"-"`
	PingedUsers     []string  `json:"-"`
	PingedEveryone  bool      `json:"-"`
	Timestamp       time.Time `json:"-"`
	EditedTimestamp time.Time `json:"-"`
	// Raw is the body of the POST that created the message; Edits hold the
	// bodies of later PATCHes, in order.
	Raw   json.RawMessage   `json:"-"`
	Edits []json.RawMessage `json:"-"`
	// Attachments are the files of a multipart/form-data create, in order.
	Attachments []Attachment `json:"-"`
}

// Embed is a rich embed as Discord's REST API takes it.
type Embed struct {
	Type        string       `json:"type,omitempty"`
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description,omitempty"`
	URL         string       `json:"url,omitempty"`
	Timestamp   string       `json:"timestamp,omitempty"`
	Color       int          `json:"color,omitempty"`
	Footer      *EmbedFooter `json:"footer,omitempty"`
	Author      *EmbedAuthor `json:"author,omitempty"`
	Fields      []EmbedField `json:"fields,omitempty"`
	Image       *EmbedMedia  `json:"image,omitempty"`
	Thumbnail   *EmbedMedia  `json:"thumbnail,omitempty"`
	Provider    *EmbedAuthor `json:"provider,omitempty"`
	Video       *EmbedMedia  `json:"video,omitempty"`
}

// EmbedFooter is an embed's footer.
type EmbedFooter struct {
	Text    string `json:"text"`
	IconURL string `json:"icon_url,omitempty"`
}

// EmbedAuthor is an embed's author (and, with the same shape, provider).
type EmbedAuthor struct {
	Name    string `json:"name,omitempty"`
	URL     string `json:"url,omitempty"`
	IconURL string `json:"icon_url,omitempty"`
}

// EmbedMedia is an embed's image, thumbnail or video.
type EmbedMedia struct {
	URL string `json:"url"`
}

// EmbedField is one field of an embed.
type EmbedField struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline,omitempty"`
}

// AllowedMentions is the allowed_mentions object. Parse stays nil when the
// payload sent "parse": null or left it out, and is an empty slice for
// "parse": [], so that tests can tell the two apart.
type AllowedMentions struct {
	Parse       []string `json:"parse"`
	Roles       []string `json:"roles,omitempty"`
	Users       []string `json:"users,omitempty"`
	RepliedUser bool     `json:"replied_user,omitempty"`
}

// Request is one request the fake received, for tests that count attempts.
type Request struct {
	Method string
	Path   string // as received, e.g. /api/v10/webhooks/ID/TOKEN
	Mode   string // ModeWebhook, ModeBot or "" for unknown routes
	Status int    // the status answered; 0 when the connection was dropped
	Body   []byte
}

// payload is what a create or edit request may carry. Pointers tell "left
// out" from "empty", which matters for edits.
type payload struct {
	Content         *string          `json:"content"`
	Embeds          *[]Embed         `json:"embeds"`
	AllowedMentions *AllowedMentions `json:"allowed_mentions"`
	Nonce           json.RawMessage  `json:"nonce"`
	EnforceNonce    bool             `json:"enforce_nonce"`
	Username        string           `json:"username"`
	AvatarURL       string           `json:"avatar_url"`
	TTS             bool             `json:"tts"`
	Flags           int              `json:"flags"`
	StickerIDs      []string         `json:"sticker_ids"`
}

// wireMessage is the Message object the fake answers with.
type wireMessage struct {
	ID              string     `json:"id"`
	Type            int        `json:"type"`
	ChannelID       string     `json:"channel_id"`
	Content         string     `json:"content"`
	Embeds          []Embed    `json:"embeds"`
	Author          wireAuthor `json:"author"`
	Mentions        []string   `json:"mentions"`
	MentionRoles    []string   `json:"mention_roles"`
	MentionEveryone bool       `json:"mention_everyone"`
	Attachments     []string   `json:"attachments"`
	Components      []string   `json:"components"`
	Timestamp       string     `json:"timestamp"`
	EditedTimestamp *string    `json:"edited_timestamp"`
	Flags           int        `json:"flags"`
	TTS             bool       `json:"tts"`
	Pinned          bool       `json:"pinned"`
	Nonce           string     `json:"nonce,omitempty"`
	WebhookID       string     `json:"webhook_id,omitempty"`
}

type wireAuthor struct {
	ID            string `json:"id"`
	Username      string `json:"username"`
	Discriminator string `json:"discriminator"`
	Bot           bool   `json:"bot"`
}
