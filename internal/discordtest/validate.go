package discordtest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Discord's limits on a message, in characters (code points).
const (
	maxContent     = 2000
	maxEmbeds      = 10
	maxTitle       = 256
	maxDescription = 4096
	maxFields      = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxAuthor      = 256
	maxEmbedTotal  = 6000
	maxNonce       = 25
)

// apiError is Discord's JSON error body.
type apiError struct {
	Message string         `json:"message"`
	Code    int            `json:"code"`
	Errors  map[string]any `json:"errors,omitempty"`
}

// formErrors builds the nested "errors" object of a 50035 answer: each
// problem sits at its path ("embeds", "0", "title") under "_errors".
type formErrors map[string]any

func (f formErrors) add(code, msg string, path ...string) {
	node := map[string]any(f)
	for _, p := range path {
		next, ok := node[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			node[p] = next
		}
		node = next
	}
	list, _ := node["_errors"].([]any)
	node["_errors"] = append(list, map[string]string{"code": code, "message": msg})
}

func (f formErrors) maxLen(s string, limit int, path ...string) {
	if utf8.RuneCountInString(s) > limit {
		f.add("BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", limit), path...)
	}
}

func (f formErrors) required(s string, path ...string) {
	if s == "" {
		f.add("BASE_TYPE_REQUIRED", "This field is required", path...)
	}
}

func (f formErrors) httpURL(s string, path ...string) {
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		f.add("URL_TYPE_INVALID_URL", "Not a well formed URL.", path...)
		return
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		f.add("URL_TYPE_INVALID_SCHEME",
			fmt.Sprintf("Scheme %q is not supported. Scheme must be one of ('http', 'https').", u.Scheme), path...)
	}
}

// invalidJSON is Discord's answer to a body it cannot decode, invalid UTF-8
// included.
var invalidJSON = apiError{Message: "The request body contains invalid JSON.", Code: 50109}

// decodePayload reads a create or edit body the way Discord does: invalid
// UTF-8 and malformed JSON are refused before any field is looked at.
func decodePayload(body []byte) (*payload, *apiError) {
	if !utf8.Valid(body) {
		return nil, &invalidJSON
	}
	var p payload
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, &invalidJSON
	}
	return &p, nil
}

// validate checks a payload against Discord's limits. create says whether
// it creates a message (which must not be empty) or edits one.
func validate(p *payload, create bool) *apiError {
	if create && p.contentOrEmpty() == "" && len(p.embedsOrNil()) == 0 {
		return &apiError{Message: "Cannot send an empty message", Code: 50006}
	}
	f := formErrors{}
	if p.Content != nil {
		f.maxLen(*p.Content, maxContent, "content")
	}
	if p.Embeds != nil {
		validateEmbeds(f, *p.Embeds)
	}
	if am := p.AllowedMentions; am != nil {
		for i, t := range am.Parse {
			if !slices.Contains([]string{"roles", "users", "everyone"}, t) {
				f.add("ENUM_TYPE_COERCE", fmt.Sprintf("Value %q is not a valid enum value.", t),
					"allowed_mentions", "parse", strconv.Itoa(i))
			}
		}
		if slices.Contains(am.Parse, "roles") && len(am.Roles) > 0 {
			f.add("MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
				`parse:["roles"] and roles: [ids...] are mutually exclusive.`, "allowed_mentions")
		}
		if slices.Contains(am.Parse, "users") && len(am.Users) > 0 {
			f.add("MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
				`parse:["users"] and users: [ids...] are mutually exclusive.`, "allowed_mentions")
		}
	}
	if n := nonceString(p.Nonce); len(n) > maxNonce {
		f.maxLen(n, maxNonce, "nonce")
	}
	if len(f) > 0 {
		return &apiError{Message: "Invalid Form Body", Code: 50035, Errors: f}
	}
	return nil
}

func validateEmbeds(f formErrors, embeds []Embed) {
	if len(embeds) > maxEmbeds {
		f.add("BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxEmbeds), "embeds")
		return
	}
	total := 0
	for i, e := range embeds {
		at := func(p ...string) []string { return append([]string{"embeds", strconv.Itoa(i)}, p...) }
		f.maxLen(e.Title, maxTitle, at("title")...)
		f.maxLen(e.Description, maxDescription, at("description")...)
		f.httpURL(e.URL, at("url")...)
		if e.Timestamp != "" && !validTimestamp(e.Timestamp) {
			f.add("DATE_TIME_TYPE_PARSE", "Could not parse "+strconv.Quote(e.Timestamp)+". Should be ISO8601.", at("timestamp")...)
		}
		if e.Color < 0 || e.Color > 0xFFFFFF {
			f.add("NUMBER_TYPE_MAX", "int value should be less than or equal to 16777215.", at("color")...)
		}
		total += utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description)
		if e.Footer != nil {
			f.required(e.Footer.Text, at("footer", "text")...)
			f.maxLen(e.Footer.Text, maxFooter, at("footer", "text")...)
			total += utf8.RuneCountInString(e.Footer.Text)
		}
		if e.Author != nil {
			f.required(e.Author.Name, at("author", "name")...)
			f.maxLen(e.Author.Name, maxAuthor, at("author", "name")...)
			f.httpURL(e.Author.URL, at("author", "url")...)
			total += utf8.RuneCountInString(e.Author.Name)
		}
		if len(e.Fields) > maxFields {
			f.add("BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxFields), at("fields")...)
		}
		for j, fl := range e.Fields {
			fp := func(name string) []string { return at("fields", strconv.Itoa(j), name) }
			f.required(fl.Name, fp("name")...)
			f.required(fl.Value, fp("value")...)
			f.maxLen(fl.Name, maxFieldName, fp("name")...)
			f.maxLen(fl.Value, maxFieldValue, fp("value")...)
			total += utf8.RuneCountInString(fl.Name) + utf8.RuneCountInString(fl.Value)
		}
	}
	if total > maxEmbedTotal {
		f.add("MAX_EMBED_SIZE_EXCEEDED", fmt.Sprintf("Embed size exceeds maximum size of %d", maxEmbedTotal), "embeds")
	}
}

var isoTimestamp = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`)

func validTimestamp(s string) bool { return isoTimestamp.MatchString(s) }

// nonceString reads a nonce, which Discord takes as a string or an integer.
func nonceString(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

func (p *payload) contentOrEmpty() string {
	if p.Content == nil {
		return ""
	}
	return *p.Content
}

func (p *payload) embedsOrNil() []Embed {
	if p.Embeds == nil {
		return nil
	}
	return *p.Embeds
}

// Mentions in content, as Discord parses them. Embeds never ping.
var (
	roleMention  = regexp.MustCompile(`<@&(\d+)>`)
	userMention  = regexp.MustCompile(`<@!?(\d+)>`)
	massMentions = regexp.MustCompile(`@(everyone|here)`)
)

// pings works out whom a message would notify, following allowed_mentions:
// without it Discord parses every mention in content; with it, only the
// kinds in parse and the ids listed.
func pings(content string, am *AllowedMentions) (roles, users []string, everyone bool) {
	allow := func(kind, id string, ids []string) bool {
		if am == nil {
			return true
		}
		return slices.Contains(am.Parse, kind) || slices.Contains(ids, id)
	}
	for _, m := range roleMention.FindAllStringSubmatch(content, -1) {
		if allow("roles", m[1], rolesOf(am)) && !slices.Contains(roles, m[1]) {
			roles = append(roles, m[1])
		}
	}
	for _, m := range userMention.FindAllStringSubmatch(content, -1) {
		if allow("users", m[1], usersOf(am)) && !slices.Contains(users, m[1]) {
			users = append(users, m[1])
		}
	}
	everyone = massMentions.MatchString(content) && (am == nil || slices.Contains(am.Parse, "everyone"))
	return roles, users, everyone
}

func rolesOf(am *AllowedMentions) []string {
	if am == nil {
		return nil
	}
	return am.Roles
}

func usersOf(am *AllowedMentions) []string {
	if am == nil {
		return nil
	}
	return am.Users
}
