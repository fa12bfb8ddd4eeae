package discord

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"github.com/raqib/raqib/alerts"
	"github.com/raqib/raqib/internal/oneline"
)

// DigestFilename is the name of the digest's chart when SendDigest is
// given none.
const DigestFilename = "digest.png"

// MaxDigestChart bounds the chart SendDigest uploads, in bytes. Discord
// takes files of up to 10 MiB; raqib's charts weigh some 50 KB.
const MaxDigestChart = 8 << 20

// digestFilename is what an attachment:// URL can name: Discord matches
// them only for plain names.
var digestFilename = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,80}\.png$`)

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// SendDigest posts the daily digest: text as the message content, set in
// a code block so that its columns line up (a one-line text, such as a
// quiet day's, goes as plain text), and, when png is not empty, the chart
// uploaded as filename (default DigestFilename; a plain name ending in
// .png) in one multipart/form-data request (payload_json and files[0])
// whose embed shows it as attachment://filename. The text is cut to
// Discord's 2000 characters and, like every message, lets nothing ping.
//
// It goes through the same session, transport, rate limiter and error
// classification as Notify: failures are *alerts.DeliveryError, and in bot
// mode a nonce derived from the digest makes a retry after a lost answer
// return the message already posted instead of posting it twice. The
// caller owns retries.
func (n *Notifier) SendDigest(ctx context.Context, text string, png []byte, filename string) (messageID string, err error) {
	content := digestContent(text)
	if content == "" {
		return "", n.digestRejected("digest: empty text")
	}
	msg := Message{Content: content, Embeds: []Embed{}, AllowedMentions: AllowedMentions{Parse: []string{}}}
	if len(png) == 0 {
		return n.send(ctx, nil, msg)
	}
	if filename == "" {
		filename = DigestFilename
	}
	switch {
	case !digestFilename.MatchString(filename):
		return "", n.digestRejected("digest: chart file name must be letters, digits, '.', '_' or '-', ending in .png")
	case len(png) > MaxDigestChart:
		return "", n.digestRejected(fmt.Sprintf("digest: chart of %d bytes, at most %d", len(png), MaxDigestChart))
	case !bytes.HasPrefix(png, pngSignature):
		return "", n.digestRejected("digest: chart is not a PNG")
	}

	p := digestPayload{
		Content: msg.Content,
		Embeds: []digestEmbed{{
			Type:   "rich",
			Color:  ColorNormal,
			Image:  digestImage{URL: "attachment://" + filename},
			Footer: EmbedFooter{Text: Footer},
		}},
		AllowedMentions: msg.AllowedMentions,
		Attachments:     []digestAttachment{{ID: 0, Filename: filename}},
	}
	if n.mode == NameBot {
		p.Nonce, p.EnforceNonce = digestNonce(n.t.channelID, p, png), true
	}
	contentType, body, err := digestForm(p, filename, png)
	if err != nil {
		return "", &alerts.DeliveryError{Failure: alerts.Rejected, Err: n.safe("digest: encode message", err)}
	}
	return n.postDigest(ctx, contentType, body)
}

// digestPayload is the payload_json of a digest with its chart: Message's
// fields, an embed with an image (which Embed has not), and the
// attachments that tie files[0] to its name.
type digestPayload struct {
	Content         string             `json:"content"`
	Embeds          []digestEmbed      `json:"embeds"`
	AllowedMentions AllowedMentions    `json:"allowed_mentions"`
	Attachments     []digestAttachment `json:"attachments"`
	Nonce           string             `json:"nonce,omitempty"`
	EnforceNonce    bool               `json:"enforce_nonce,omitempty"`
}

type digestEmbed struct {
	Type   string      `json:"type"`
	Color  int         `json:"color"`
	Image  digestImage `json:"image"`
	Footer EmbedFooter `json:"footer"`
}

type digestImage struct {
	URL string `json:"url"`
}

type digestAttachment struct {
	ID       int    `json:"id"`
	Filename string `json:"filename"`
}

// digestContent is the message content for text: "" for a blank text, the
// escaped line for one line, else a code block (whose fence the text
// cannot close) cut to MaxContent.
func digestContent(text string) string {
	text = strings.TrimRight(strings.ReplaceAll(strings.ToValidUTF8(text, "\uFFFD"), "\r\n", "\n"), " \t\n")
	text = strings.TrimLeft(text, "\n")
	if strings.TrimSpace(text) == "" {
		return ""
	}
	if !strings.Contains(text, "\n") {
		return cut(escape(oneline.Clean(text)), MaxContent)
	}
	var b strings.Builder
	for _, r := range text {
		switch {
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			// bidi overrides and isolates could scramble the columns
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteString("    ")
		case unicode.IsControl(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	body := b.String()
	for strings.Contains(body, "```") {
		body = strings.ReplaceAll(body, "```", "``"+zwsp+"`")
	}
	const fenceOpen, fenceClose = "```\n", "\n```"
	return fenceOpen + cut(body, MaxContent-runes(fenceOpen)-runes(fenceClose)) + fenceClose
}

// digestForm encodes the multipart/form-data body: payload_json, then the
// chart as files[0].
func digestForm(p digestPayload, filename string, png []byte) (contentType string, body []byte, err error) {
	payload, err := marshal(p)
	if err != nil {
		return "", nil, err
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="payload_json"`)
	h.Set("Content-Type", "application/json")
	part, err := w.CreatePart(h)
	if err != nil {
		return "", nil, err
	}
	if _, err := part.Write(payload); err != nil {
		return "", nil, err
	}
	h = textproto.MIMEHeader{}
	// filename is checked to need no quoting.
	h.Set("Content-Disposition", `form-data; name="files[0]"; filename="`+filename+`"`)
	h.Set("Content-Type", "image/png")
	if part, err = w.CreatePart(h); err != nil {
		return "", nil, err
	}
	if _, err := part.Write(png); err != nil {
		return "", nil, err
	}
	if err := w.Close(); err != nil {
		return "", nil, err
	}
	return w.FormDataContentType(), buf.Bytes(), nil
}

// digestNonce derives the bot-mode nonce from the channel, the payload and
// the chart, so that a retry of the same digest sends the same one, and the
// same digest sent to two channels (two routes) is two messages. Discord
// takes at most 25 characters.
func digestNonce(channelID string, p digestPayload, png []byte) string {
	h := sha256.New()
	h.Write([]byte(channelID + ";"))
	_ = json.NewEncoder(h).Encode(p) // digestPayload always encodes
	h.Write(png)
	return "d" + hex.EncodeToString(h.Sum(nil)[:12])
}

// digestEndpoint is where messages are created, as send builds it.
func (n *Notifier) digestEndpoint() string {
	if n.mode == NameWebhook {
		q := url.Values{"wait": {"true"}}
		if n.t.threadID != "" {
			q.Set("thread_id", n.t.threadID)
		}
		return discordgo.EndpointWebhookToken(n.t.webhookID, n.t.token) + "?" + q.Encode()
	}
	return discordgo.EndpointChannelMessages(n.t.channelID)
}

// postDigest is send for a body that is not JSON: one send at a time, the
// bucket waited for within ctx, no retries inside discordgo, and the
// outcome classified from the status the transport recorded.
func (n *Notifier) postDigest(ctx context.Context, contentType string, body []byte) (string, error) {
	endpoint := n.digestEndpoint()
	if err := ctx.Err(); err != nil {
		return "", &alerts.DeliveryError{Failure: alerts.Temporary, Err: n.safe("not sent", err)}
	}
	select {
	case n.turn <- struct{}{}:
		defer func() { <-n.turn }()
	case <-ctx.Done():
		return "", &alerts.DeliveryError{Failure: alerts.Temporary, Err: n.safe("waiting for an earlier send", ctx.Err())}
	}
	bucket, derr := n.lockBucket(ctx, endpoint) // keyed as send keys it
	if derr != nil {
		return "", derr
	}
	rec := &record{}
	resp, err := n.session.RequestWithLockedBucket(http.MethodPost, endpoint, contentType, body, bucket, 0,
		discordgo.WithContext(withRecord(ctx, rec)),
		discordgo.WithRetryOnRatelimit(false),
		discordgo.WithRestRetries(0))
	if rec.status >= 200 && rec.status < 300 {
		var m discordgo.Message
		if json.Unmarshal(resp, &m) == nil {
			return m.ID, nil
		}
		return "", nil // delivered, but no id to give
	}
	if err == nil {
		err = errors.New("no error and no status")
	}
	return "", n.classify(rec, resp, err)
}

// digestRejected is a DeliveryError for a digest that cannot be sent as is.
func (n *Notifier) digestRejected(msg string) error {
	return &alerts.DeliveryError{Failure: alerts.Rejected, Err: n.safe(msg, nil)}
}
