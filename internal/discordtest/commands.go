package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"time"
	"unicode/utf8"
)

// Application commands: the bulk overwrite of global or guild commands
// (PUT /applications/{app}/commands, PUT
// /applications/{app}/guilds/{guild}/commands) and their listing (GET),
// with Discord's validation of names, descriptions, options and choices.

// Fixed ids of the fake's application (the bot's) and its one guild.
const (
	applicationID = "1400000000000000001"
	guildID       = "1500000000000000001"
)

// ApplicationID is the id of the bot's application, as READY gives it.
func (s *Server) ApplicationID() string { return applicationID }

// GuildID is the id of the one guild (server) the bot is in.
func (s *Server) GuildID() string { return guildID }

// Command is an application command as registered.
type Command struct {
	ID                       string          `json:"id"`
	ApplicationID            string          `json:"application_id"`
	GuildID                  string          `json:"guild_id,omitempty"`
	Version                  string          `json:"version"`
	Type                     int             `json:"type"`
	Name                     string          `json:"name"`
	Description              string          `json:"description"`
	Options                  []CommandOption `json:"options,omitempty"`
	DefaultMemberPermissions *string         `json:"default_member_permissions"`
	DMPermission             *bool           `json:"dm_permission,omitempty"`
	Contexts                 []int           `json:"contexts,omitempty"`
	IntegrationTypes         []int           `json:"integration_types,omitempty"`
	NSFW                     bool            `json:"nsfw,omitempty"`
}

// CommandOption is an option of a command, or a subcommand with its own.
type CommandOption struct {
	Type         int             `json:"type"`
	Name         string          `json:"name"`
	Description  string          `json:"description"`
	Required     bool            `json:"required,omitempty"`
	Autocomplete bool            `json:"autocomplete,omitempty"`
	Choices      []Choice        `json:"choices,omitempty"`
	Options      []CommandOption `json:"options,omitempty"`
	MinLength    *int            `json:"min_length,omitempty"`
	MaxLength    *int            `json:"max_length,omitempty"`
}

// Choice is a choice of an option, or an autocomplete suggestion.
type Choice struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

// Option types.
const (
	OptionSubcommand      = 1
	OptionSubcommandGroup = 2
	OptionString          = 3
	OptionInteger         = 4
	OptionBoolean         = 5
	OptionUser            = 6
	OptionChannel         = 7
	OptionRole            = 8
	OptionMentionable     = 9
	OptionNumber          = 10
	OptionAttachment      = 11
)

// Commands returns the commands registered globally (guild "") or in a
// guild, in the order they were sent.
func (s *Server) Commands(guild string) []Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Command(nil), s.commands[guild]...)
}

// WaitCommands waits until commands are registered globally or in a guild,
// or timeout passes.
func (s *Server) WaitCommands(guild string, timeout time.Duration) []Command {
	s.waitFor(timeout, func() bool { return len(s.commands[guild]) > 0 })
	return s.Commands(guild)
}

// commandName is Discord's rule for command and option names (lower case).
var commandName = regexp.MustCompile(`^[-_\p{Ll}\p{Lo}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

// overwriteCommands handles a bulk overwrite.
func (s *Server) overwriteCommands(guild string, body []byte) answer {
	var cmds []Command
	if !utf8.Valid(body) || json.Unmarshal(body, &cmds) != nil {
		return errorAnswer(http.StatusBadRequest, invalidJSON)
	}
	f := formErrors{}
	if len(cmds) > 100 {
		f.add("BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
	}
	seen := map[string]bool{}
	for i, c := range cmds {
		at := []string{strconv.Itoa(i)}
		if c.Type == 0 {
			cmds[i].Type = 1 // CHAT_INPUT
		}
		key := strconv.Itoa(cmds[i].Type) + "/" + c.Name
		if seen[key] {
			f.add("APPLICATION_COMMANDS_DUPLICATE_NAME", fmt.Sprintf("Application command names must be unique (%s)", c.Name), at...)
		}
		seen[key] = true
		if !commandName.MatchString(c.Name) {
			f.add("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid", append(at, "name")...)
		}
		if cmds[i].Type == 1 {
			describe(f, c.Description, append(at, "description")...)
		}
		validateOptions(f, c.Options, 0, append(at, "options")...)
	}
	if len(f) > 0 {
		return errorAnswer(http.StatusBadRequest, apiError{Message: "Invalid Form Body", Code: 50035, Errors: f})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	for i := range cmds {
		cmds[i].ID = s.nextIDLocked(now)
		cmds[i].Version = s.nextIDLocked(now)
		cmds[i].ApplicationID = applicationID
		cmds[i].GuildID = guild
	}
	s.commands[guild] = cmds
	s.notifyLocked()
	return answer{status: http.StatusOK, mode: ModeApplication, body: cmds}
}

func describe(f formErrors, d string, path ...string) {
	if n := utf8.RuneCountInString(d); n < 1 || n > 100 {
		f.add("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.", path...)
	}
}

// validateOptions checks options at nesting depth (0: of a command).
func validateOptions(f formErrors, opts []CommandOption, depth int, path ...string) {
	if len(opts) > 25 {
		f.add("BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.", path...)
	}
	names := map[string]bool{}
	optional := false
	for j, o := range opts {
		at := append(append([]string(nil), path...), strconv.Itoa(j))
		if !commandName.MatchString(o.Name) {
			f.add("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid", append(at, "name")...)
		}
		if names[o.Name] {
			f.add("APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique", append(at, "name")...)
		}
		names[o.Name] = true
		describe(f, o.Description, append(at, "description")...)
		switch {
		case o.Type < OptionSubcommand || o.Type > OptionAttachment:
			f.add("ENUM_TYPE_COERCE", fmt.Sprintf("Value %q is not a valid enum value.", strconv.Itoa(o.Type)), append(at, "type")...)
		case o.Type == OptionSubcommand || o.Type == OptionSubcommandGroup:
			// A subcommand sits at the top, or in a group at the top.
			if depth > 1 || (depth == 1 && o.Type == OptionSubcommandGroup) {
				f.add("APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Subcommands cannot be nested this deep", append(at, "type")...)
			}
			validateOptions(f, o.Options, depth+1, append(at, "options")...)
		default:
			if len(o.Options) > 0 {
				f.add("APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Only subcommands have options", append(at, "options")...)
			}
			if o.Required && optional {
				f.add("APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options", append(at, "required")...)
			}
			optional = optional || !o.Required
		}
		if o.Autocomplete && len(o.Choices) > 0 {
			f.add("APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE", "Autocomplete cannot be set with choices", append(at, "autocomplete")...)
		}
		if o.Autocomplete && o.Type != OptionString && o.Type != OptionInteger && o.Type != OptionNumber {
			f.add("APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Autocomplete is only for string, integer and number options", append(at, "autocomplete")...)
		}
		validateChoices(f, o.Choices, append(at, "choices")...)
	}
}

// validateChoices checks choices of an option or of an autocomplete answer.
func validateChoices(f formErrors, choices []Choice, path ...string) {
	if len(choices) > 25 {
		f.add("BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.", path...)
	}
	for k, c := range choices {
		at := append(append([]string(nil), path...), strconv.Itoa(k))
		if n := utf8.RuneCountInString(c.Name); n < 1 || n > 100 {
			f.add("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.", append(at, "name")...)
		}
		switch v := c.Value.(type) {
		case string:
			if n := utf8.RuneCountInString(v); n < 1 || n > 100 {
				f.add("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.", append(at, "value")...)
			}
		case float64:
		default:
			f.add("BASE_TYPE_REQUIRED", "This field is required", append(at, "value")...)
		}
	}
}

// findCommand returns the registered command name, global or in the
// fake's guild. s.mu must be held.
func (s *Server) findCommandLocked(name string, inGuild bool) (Command, bool) {
	scopes := []string{""}
	if inGuild {
		scopes = append(scopes, guildID)
	}
	for _, scope := range scopes {
		for _, c := range s.commands[scope] {
			if c.Name == name && c.Type == 1 {
				return c, true
			}
		}
	}
	return Command{}, false
}
