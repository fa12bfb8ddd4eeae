package discord

import (
	"bytes"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/raqib/raqib/internal/oneline"
)

// What the bot's commands are and answer, in raqib's own types: the
// package that decides the answers (commands) never sees discordgo.

// OptionKind is the type of a command option.
type OptionKind int

// Option kinds (Discord's option types).
const (
	OptionSubcommand OptionKind = 1
	OptionString     OptionKind = 3
)

// Command is a slash command the bot registers.
type Command struct {
	Name        string // lower case, 1 to 32 characters
	Description string // 1 to 100 characters
	Options     []Option
}

// Option is an option of a command, or a subcommand with its options.
type Option struct {
	Kind         OptionKind
	Name         string
	Description  string
	Required     bool
	Autocomplete bool // string options: suggestions come from Handler.Complete
	MaxLength    int  // string options; 0: Discord's 6000
	Options      []Option
}

// Request is one use of a command: its subcommand and option values, as a
// member sent them.
type Request struct {
	Command    string
	Subcommand string
	Options    map[string]string // by name, as typed or picked
	// Focused is the option being typed, in an autocomplete; "" otherwise.
	Focused   string
	UserID    string
	GuildID   string // "" in a direct message
	ChannelID string
}

// Answer is a reply to a command. The bot cuts it to Discord's limits
// (Fit) and lets it ping no one.
type Answer struct {
	Content string
	Embeds  []Embed
	Files   []File
	// Ephemeral answers are seen only by the member who asked.
	Ephemeral bool
}

// File is a file sent with an answer; an embed shows an image file with
// EmbedImage{URL: "attachment://" + Name}.
type File struct {
	Name        string
	ContentType string
	Data        []byte
}

// Choice is an autocomplete suggestion: Name is shown, Value is sent.
type Choice struct {
	Name  string
	Value string
}

// Limits of an answer besides the message's.
const (
	MaxFields      = 25       // fields in an embed
	MaxFiles       = 10       // files with a message
	MaxFileSize    = 8 << 20  // bytes per file raqib sends; Discord takes 10 MiB at least
	MaxChoices     = 25       // autocomplete suggestions
	MaxChoiceChars = 100      // a suggestion's name and value
	noValue        = "\u2014" // an em dash where a field would be empty
)

// Escape makes scraped text safe and literal in a Discord message: on one
// line, markdown escaped, mentions defused (see escape).
func Escape(s string) string { return escape(oneline.Clean(s)) }

// Cut shortens s to at most max characters, ending in an ellipsis when
// cut, on character boundaries and never inside an escape.
func Cut(s string, max int) string { return cut(s, max) }

// DigestContent is the digest's text as a message's content: a code block
// that its text cannot break out of, cut to Discord's 2000 characters.
func DigestContent(text string) string { return digestContent(text) }

// Fit cuts a to Discord's limits: content to MaxContent, at most MaxEmbeds
// embeds of at most MaxFields fields, each text to its limit, the embeds
// together to MaxEmbedTotal (fields are dropped from the last embeds
// first, then descriptions cut), at most MaxFiles files of MaxFileSize
// bytes. An answer left empty gets a word, since Discord refuses empty
// messages.
func Fit(a Answer) Answer {
	a.Content = cut(strings.ToValidUTF8(a.Content, "\uFFFD"), MaxContent)
	if len(a.Embeds) > MaxEmbeds {
		a.Embeds = a.Embeds[:MaxEmbeds]
	}
	embeds := make([]Embed, len(a.Embeds))
	for i, e := range a.Embeds {
		e.Title = cut(e.Title, MaxTitle)
		e.Description = cut(e.Description, MaxDescription)
		e.Footer.Text = cut(e.Footer.Text, MaxFooter)
		if len(e.Fields) > MaxFields {
			e.Fields = e.Fields[:MaxFields]
		}
		fields := make([]EmbedField, len(e.Fields))
		for j, f := range e.Fields {
			f.Name, f.Value = cut(f.Name, MaxFieldName), cut(f.Value, MaxFieldValue)
			if strings.TrimSpace(f.Name) == "" {
				f.Name = noValue
			}
			if strings.TrimSpace(f.Value) == "" {
				f.Value = noValue
			}
			fields[j] = f
		}
		e.Fields = fields
		if e.Type == "" {
			e.Type = "rich"
		}
		embeds[i] = e
	}
	for over := embedsSize(embeds) - MaxEmbedTotal; over > 0; over = embedsSize(embeds) - MaxEmbedTotal {
		shrunk := false
		for i := len(embeds) - 1; i >= 0 && !shrunk; i-- {
			if n := len(embeds[i].Fields); n > 0 {
				embeds[i].Fields = embeds[i].Fields[:n-1]
				shrunk = true
			}
		}
		for i := len(embeds) - 1; i >= 0 && !shrunk; i-- {
			if d := runes(embeds[i].Description); d > 0 {
				embeds[i].Description = cut(embeds[i].Description, max(d-over, 1))
				shrunk = true
			}
		}
		if !shrunk {
			break // titles and footers alone cannot pass 6000
		}
	}
	a.Embeds = embeds
	var files []File
	for _, f := range a.Files {
		if len(f.Data) <= MaxFileSize && len(files) < MaxFiles {
			files = append(files, f)
		}
	}
	a.Files = files
	if a.Content == "" && len(a.Embeds) == 0 && len(a.Files) == 0 {
		a.Content = "Nothing to show."
	}
	return a
}

func embedsSize(embeds []Embed) int {
	n := 0
	for _, e := range embeds {
		n += runes(e.Title) + runes(e.Description) + runes(e.Footer.Text)
		for _, f := range e.Fields {
			n += runes(f.Name) + runes(f.Value)
		}
	}
	return n
}

// noMentions is the allowed_mentions of every answer: nothing pings.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// messageEmbeds converts embeds to discordgo's.
func messageEmbeds(embeds []Embed) []*discordgo.MessageEmbed {
	out := make([]*discordgo.MessageEmbed, len(embeds))
	for i, e := range embeds {
		me := &discordgo.MessageEmbed{
			Type: discordgo.EmbedType(e.Type), Title: e.Title, URL: e.URL, Description: e.Description,
			Color: e.Color, Timestamp: e.Timestamp,
		}
		if e.Footer.Text != "" {
			me.Footer = &discordgo.MessageEmbedFooter{Text: e.Footer.Text}
		}
		if e.Image != nil {
			me.Image = &discordgo.MessageEmbedImage{URL: e.Image.URL}
		}
		for _, f := range e.Fields {
			me.Fields = append(me.Fields, &discordgo.MessageEmbedField{Name: f.Name, Value: f.Value, Inline: f.Inline})
		}
		out[i] = me
	}
	return out
}

func messageFiles(files []File) []*discordgo.File {
	out := make([]*discordgo.File, len(files))
	for i, f := range files {
		out[i] = &discordgo.File{Name: f.Name, ContentType: f.ContentType, Reader: bytes.NewReader(f.Data)}
	}
	return out
}

// applicationCommands converts commands to discordgo's, usable in guilds
// only (contexts [GUILD]): a newsroom's server, not direct messages.
func applicationCommands(cmds []Command) []*discordgo.ApplicationCommand {
	out := make([]*discordgo.ApplicationCommand, len(cmds))
	guildOnly := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	for i, c := range cmds {
		out[i] = &discordgo.ApplicationCommand{
			Type: discordgo.ChatApplicationCommand, Name: c.Name, Description: c.Description,
			Options: commandOptions(c.Options), Contexts: &guildOnly,
		}
	}
	return out
}

func commandOptions(opts []Option) []*discordgo.ApplicationCommandOption {
	if len(opts) == 0 {
		return nil
	}
	out := make([]*discordgo.ApplicationCommandOption, len(opts))
	for i, o := range opts {
		out[i] = &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionType(o.Kind), Name: o.Name, Description: o.Description,
			Required: o.Required, Autocomplete: o.Autocomplete, MaxLength: o.MaxLength,
			Options: commandOptions(o.Options),
		}
	}
	return out
}

// requestOf reads a command interaction's subcommand and options.
func requestOf(i *discordgo.Interaction) Request {
	d := i.ApplicationCommandData()
	r := Request{Command: d.Name, Options: map[string]string{}, GuildID: i.GuildID, ChannelID: i.ChannelID}
	switch {
	case i.Member != nil && i.Member.User != nil:
		r.UserID = i.Member.User.ID
	case i.User != nil:
		r.UserID = i.User.ID
	}
	opts := d.Options
	if len(opts) == 1 && opts[0].Type == discordgo.ApplicationCommandOptionSubCommand {
		r.Subcommand = opts[0].Name
		opts = opts[0].Options
	}
	for _, o := range opts {
		switch v := o.Value.(type) {
		case string:
			r.Options[o.Name] = v
		case nil:
		default:
			r.Options[o.Name] = strings.TrimSpace(strings.Trim(oneline.Clean(jsonish(v)), `"`))
		}
		if o.Focused {
			r.Focused = o.Name
		}
	}
	return r
}

func jsonish(v any) string {
	b, _ := marshal(v)
	return string(b)
}
