package discordtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Interactions: a test invokes a registered slash command as a member of
// the guild (Invoke); the fake sends INTERACTION_CREATE over the gateway and
// takes the client's answers on the interaction endpoints:
//
//	POST   /interactions/{id}/{token}/callback               the response (within 3 s)
//	PATCH  /webhooks/{app}/{token}/messages/@original        edit it (after a deferral)
//	GET    /webhooks/{app}/{token}/messages/@original
//	DELETE /webhooks/{app}/{token}/messages/@original
//	POST   /webhooks/{app}/{token}                           a followup message
//	PATCH  /webhooks/{app}/{token}/messages/{id}             edit a followup
//
// As on Discord, a response later than AckDeadline answers 404 "Unknown
// interaction" (10062), a second response 400 (40060), and the
// interaction's token works for 15 minutes. Replies are validated like
// messages (lengths, embeds, allowed_mentions, at most 10 files) and kept
// with their interaction, not among Messages.

// AckDeadline is how long after INTERACTION_CREATE Discord takes the
// response to an interaction.
const AckDeadline = 3 * time.Second

// SetAckDeadline changes how late a response may come (0: AckDeadline),
// so that a test can see a late one refused without waiting 3 seconds.
func (s *Server) SetAckDeadline(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d <= 0 {
		d = AckDeadline
	}
	s.ackDeadline = d
}

// tokenLife is how long an interaction's token can edit and follow up.
const tokenLife = 15 * time.Minute

// Modes of recorded requests to the application's endpoints.
const (
	ModeApplication = "application" // commands, /gateway
	ModeInteraction = "interaction"
)

// Interaction types.
const (
	InteractionCommand      = 2
	InteractionAutocomplete = 4
)

// Response (callback) types.
const (
	CallbackMessage          = 4 // CHANNEL_MESSAGE_WITH_SOURCE
	CallbackDeferred         = 5 // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
	CallbackAutocomplete     = 8 // APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
	FlagEphemeral            = 64
	allowedReplyFlags        = 4 | 64 | 4096 // SUPPRESS_EMBEDS, EPHEMERAL, SUPPRESS_NOTIFICATIONS
	codeUnknownInteraction   = 10062
	codeAlreadyAcknowledged  = 40060
	codeUnknownWebhookOrMsg  = 10008
	codeInvalidResponseType  = 50035
	defaultInvokerID         = "1600000000000000001"
	defaultInvokerName       = "reporter"
	interactionTokenByteSize = 32
)

// Option is an option of an invocation: a subcommand with its options, or
// a value. Focused marks the option being typed, in an autocomplete.
type Option struct {
	Name    string   `json:"name"`
	Type    int      `json:"type"`
	Value   any      `json:"value,omitempty"`
	Focused bool     `json:"focused,omitempty"`
	Options []Option `json:"options,omitempty"`
}

// Sub is a subcommand option with its options.
func Sub(name string, opts ...Option) Option {
	return Option{Name: name, Type: OptionSubcommand, Options: opts}
}

// Str is a string option.
func Str(name, value string) Option { return Option{Name: name, Type: OptionString, Value: value} }

// Typing is a string option being typed: what an autocomplete sends.
func Typing(name, partial string) Option {
	return Option{Name: name, Type: OptionString, Value: partial, Focused: true}
}

// Invocation is a slash command a member runs.
type Invocation struct {
	Command string   // the registered command's name
	Options []Option // e.g. Sub("site", Str("site", "harir"))
	// Autocomplete sends an APPLICATION_COMMAND_AUTOCOMPLETE interaction:
	// one option must be Focused.
	Autocomplete bool
	UserID       string   // default a fixed member
	Roles        []string // the member's roles
	// DM invokes from a direct message: no guild, no member.
	DM bool
}

// Interaction is one interaction the fake sent, and what the client
// answered to it.
type Interaction struct {
	ID    string
	Token string
	Type  int
	s     *Server
}

// InteractionState is what the client did with an interaction so far.
type InteractionState struct {
	Sent time.Time // when INTERACTION_CREATE went out
	// Callbacks are the responses the client posted, accepted or not.
	Callbacks []Callback
	// Acked is the accepted response's time after Sent; 0 before it.
	Acked time.Duration
	// Deferred: the accepted response was a deferral (type 5).
	Deferred bool
	// Choices is an autocomplete's answer.
	Choices []Choice
	// Original is the reply as it stands: the message of a type-4
	// response, or of the edits of a deferred one (nil while "thinking",
	// and after a delete).
	Original *Message
	// Followups are the followup messages, as they stand.
	Followups []Message
}

// Callback is one response the client posted.
type Callback struct {
	Type   int
	Status int // the status answered
	After  time.Duration
	Raw    json.RawMessage
}

// Answer is the message the member ends up reading: the last followup, or
// else the original reply. ok is false while there is none.
func (st InteractionState) Answer() (Message, bool) {
	if n := len(st.Followups); n > 0 {
		return st.Followups[n-1], true
	}
	if st.Original != nil {
		return *st.Original, true
	}
	return Message{}, false
}

// interactionRec is the fake's record of an interaction, guarded by
// Server.mu.
type interactionRec struct {
	id, token string
	typ       int
	sent      time.Time
	// deferFlags are the flags of a deferral (64: the reply will be
	// ephemeral); the reply that ends it keeps them.
	deferFlags int
	state      InteractionState
}

// Invoke sends INTERACTION_CREATE for inv to the live gateway session. It
// fails when no session is ready, when the command is not registered or
// inv's options do not fit its registration: Discord would not send it.
func (s *Server) Invoke(inv Invocation) (*Interaction, error) {
	s.mu.Lock()
	sess := s.liveSessionLocked()
	if sess == nil {
		s.mu.Unlock()
		return nil, errors.New("discordtest: no gateway session is ready")
	}
	cmd, ok := s.findCommandLocked(inv.Command, !inv.DM)
	if !ok {
		s.mu.Unlock()
		return nil, fmt.Errorf("discordtest: command %q is not registered", inv.Command)
	}
	focused := 0
	if err := checkOptions(cmd.Options, inv.Options, &focused); err != nil {
		s.mu.Unlock()
		return nil, fmt.Errorf("discordtest: /%s: %w", inv.Command, err)
	}
	typ := InteractionCommand
	if inv.Autocomplete {
		typ = InteractionAutocomplete
		if focused != 1 {
			s.mu.Unlock()
			return nil, errors.New("discordtest: an autocomplete needs exactly one focused option")
		}
	} else if focused != 0 {
		s.mu.Unlock()
		return nil, errors.New("discordtest: a focused option outside an autocomplete")
	}
	now := time.Now()
	rec := &interactionRec{id: s.nextIDLocked(now), token: "aW50ZXJhY3Rpb24" + randomHex(interactionTokenByteSize), typ: typ}
	s.interactions[rec.id] = rec
	s.interactionTokens[rec.token] = rec
	s.mu.Unlock()

	user := map[string]any{"id": cmpOr(inv.UserID, defaultInvokerID), "username": defaultInvokerName, "discriminator": "0", "global_name": "Reporter"}
	opts := inv.Options
	if opts == nil {
		opts = []Option{}
	}
	payload := map[string]any{
		"id": rec.id, "application_id": applicationID, "type": typ, "token": rec.token, "version": 1,
		"channel_id": channelID, "app_permissions": "2147483648", "locale": "en-US",
		"data": map[string]any{"id": cmd.ID, "name": cmd.Name, "type": 1, "options": opts},
	}
	if inv.DM {
		payload["user"] = user
		payload["context"] = 1
	} else {
		roles := inv.Roles
		if roles == nil {
			roles = []string{}
		}
		payload["guild_id"] = guildID
		payload["guild_locale"] = "en-US"
		payload["context"] = 0
		payload["member"] = map[string]any{"user": user, "roles": roles, "joined_at": "2024-01-01T00:00:00.000000+00:00",
			"deaf": false, "mute": false, "nick": nil, "permissions": "1071698660928"}
	}
	s.mu.Lock()
	rec.sent = time.Now()
	rec.state.Sent = rec.sent
	s.mu.Unlock()
	if err := s.dispatch(sess, "INTERACTION_CREATE", mustJSON(payload)); err != nil {
		return nil, err
	}
	return &Interaction{ID: rec.id, Token: rec.token, Type: typ, s: s}, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// checkOptions checks invoked options against registered ones and counts
// the focused ones.
func checkOptions(reg []CommandOption, got []Option, focused *int) error {
	for _, o := range got {
		i := slices.IndexFunc(reg, func(r CommandOption) bool { return r.Name == o.Name })
		if i < 0 {
			return fmt.Errorf("option %q is not registered", o.Name)
		}
		r := reg[i]
		if r.Type != o.Type {
			return fmt.Errorf("option %q has type %d, registered %d", o.Name, o.Type, r.Type)
		}
		if o.Focused {
			if !r.Autocomplete {
				return fmt.Errorf("option %q is focused but has no autocomplete", o.Name)
			}
			*focused++
		}
		if err := checkOptions(r.Options, o.Options, focused); err != nil {
			return err
		}
	}
	// Required options must be given, except in an autocomplete (the
	// member has not typed them yet): not checked there.
	if *focused == 0 {
		for _, r := range reg {
			if r.Required && !slices.ContainsFunc(got, func(o Option) bool { return o.Name == r.Name }) {
				return fmt.Errorf("required option %q is missing", r.Name)
			}
		}
	}
	return nil
}

// State returns what the client did with the interaction so far.
func (i *Interaction) State() InteractionState {
	i.s.mu.Lock()
	defer i.s.mu.Unlock()
	return i.s.interactions[i.ID].state.clone()
}

// Wait waits until ok says yes to the interaction's state, or timeout
// passes, and returns the last state and whether ok said yes.
func (i *Interaction) Wait(timeout time.Duration, ok func(InteractionState) bool) (InteractionState, bool) {
	var st InteractionState
	done := i.s.waitFor(timeout, func() bool {
		st = i.s.interactions[i.ID].state.clone()
		return ok(st)
	})
	return st, done
}

// WaitAnswer waits for the message the member reads (see
// InteractionState.Answer) and returns it with the state.
func (i *Interaction) WaitAnswer(timeout time.Duration) (Message, InteractionState, bool) {
	st, ok := i.Wait(timeout, func(st InteractionState) bool { _, ok := st.Answer(); return ok })
	m, _ := st.Answer()
	return m, st, ok
}

// WaitChoices waits for an autocomplete's answer.
func (i *Interaction) WaitChoices(timeout time.Duration) ([]Choice, bool) {
	st, ok := i.Wait(timeout, func(st InteractionState) bool { return st.Acked > 0 })
	return st.Choices, ok
}

func (st InteractionState) clone() InteractionState {
	c := st
	c.Callbacks = slices.Clone(st.Callbacks)
	c.Choices = slices.Clone(st.Choices)
	if st.Original != nil {
		o := st.Original.clone()
		c.Original = &o
	}
	c.Followups = make([]Message, len(st.Followups))
	for k, m := range st.Followups {
		c.Followups[k] = m.clone()
	}
	return c
}

// waitFor waits until cond (called with s.mu held) is true or timeout
// passes.
func (s *Server) waitFor(timeout time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ok, changed := cond(), s.changed
		s.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-changed:
		case <-deadline.C:
			return false
		case <-s.done:
			return false
		}
	}
}

// appRoute reports whether r is for one of the application's routes:
// /gateway, commands and interactions. These take none of the REST faults
// but Down.
func (s *Server) appRoute(r *http.Request) bool {
	seg := apiSegments(r)
	switch {
	case seg == nil:
		return false
	case seg[0] == "gateway", seg[0] == "applications", seg[0] == "interactions":
		return true
	}
	return seg[0] == "webhooks" && len(seg) >= 3 && seg[1] == applicationID
}

// apiSegments splits the path after the API prefix; nil when it has none.
func apiSegments(r *http.Request) []string {
	loc := apiPrefix.FindStringIndex(r.URL.Path)
	if loc == nil {
		return nil
	}
	return strings.Split(strings.TrimSuffix(r.URL.Path[loc[1]:], "/"), "/")
}

// serveApp answers a request appRoute accepted.
func (s *Server) serveApp(w http.ResponseWriter, r *http.Request, body []byte) {
	seg := apiSegments(r)
	var a answer
	switch seg[0] {
	case "gateway":
		a = s.gatewayInfo(r, seg)
	case "applications":
		a = s.applicationRoute(r, seg, body)
	case "interactions":
		a = s.callbackRoute(r, seg, body)
	default:
		a = s.interactionWebhookRoute(r, seg, body)
	}
	writeAnswer(w, a, bucket{}, time.Now())
	s.record(Request{Method: r.Method, Path: r.URL.Path, Mode: a.mode, Status: a.status, Body: body})
}

func (s *Server) gatewayInfo(r *http.Request, seg []string) answer {
	if r.Method != http.MethodGet {
		return methodNotAllowed()
	}
	switch {
	case len(seg) == 1:
		return answer{status: http.StatusOK, mode: ModeApplication, body: map[string]any{"url": s.GatewayURL()}}
	case len(seg) == 2 && seg[1] == "bot":
		if r.Header.Get("Authorization") != "Bot "+s.botToken {
			return withMode(errorAnswer(http.StatusUnauthorized, apiError{Message: "401: Unauthorized", Code: 0}), ModeApplication)
		}
		return answer{status: http.StatusOK, mode: ModeApplication, body: map[string]any{
			"url": s.GatewayURL(), "shards": 1,
			"session_start_limit": map[string]any{"total": 1000, "remaining": 999, "reset_after": 86400000, "max_concurrency": 1},
		}}
	}
	return notFound()
}

// applicationRoute: /applications/{app}/commands and
// /applications/{app}/guilds/{guild}/commands.
func (s *Server) applicationRoute(r *http.Request, seg []string, body []byte) answer {
	if r.Header.Get("Authorization") != "Bot "+s.botToken {
		return withMode(errorAnswer(http.StatusUnauthorized, apiError{Message: "401: Unauthorized", Code: 0}), ModeApplication)
	}
	var guild string
	switch {
	case len(seg) == 3 && seg[2] == "commands":
	case len(seg) == 5 && seg[2] == "guilds" && seg[4] == "commands":
		guild = seg[3]
		if guild != guildID {
			return withMode(errorAnswer(http.StatusForbidden, apiError{Message: "Missing Access", Code: 50001}), ModeApplication)
		}
	default:
		return notFound()
	}
	if seg[1] != applicationID {
		return withMode(errorAnswer(http.StatusForbidden, apiError{Message: "Missing Access", Code: 50001}), ModeApplication)
	}
	switch r.Method {
	case http.MethodPut:
		return withMode(s.overwriteCommands(guild, body), ModeApplication)
	case http.MethodGet:
		cmds := s.Commands(guild)
		if cmds == nil {
			cmds = []Command{}
		}
		return answer{status: http.StatusOK, mode: ModeApplication, body: cmds}
	}
	return methodNotAllowed()
}

// callbackRoute: POST /interactions/{id}/{token}/callback.
func (s *Server) callbackRoute(r *http.Request, seg []string, body []byte) answer {
	if len(seg) != 4 || seg[3] != "callback" {
		return notFound()
	}
	if r.Method != http.MethodPost {
		return methodNotAllowed()
	}
	files := formFiles(r)
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.interactions[seg[1]]
	if rec == nil || rec.token != seg[2] {
		return withMode(errorAnswer(http.StatusNotFound, apiError{Message: "Unknown interaction", Code: codeUnknownInteraction}), ModeInteraction)
	}
	var resp struct {
		Type int             `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	a := func() answer {
		if err := json.Unmarshal(body, &resp); err != nil {
			return errorAnswer(http.StatusBadRequest, invalidJSON)
		}
		if rec.state.Acked > 0 {
			return errorAnswer(http.StatusBadRequest, apiError{Message: "Interaction has already been acknowledged.", Code: codeAlreadyAcknowledged})
		}
		if now.Sub(rec.sent) > s.ackDeadline {
			return errorAnswer(http.StatusNotFound, apiError{Message: "Unknown interaction", Code: codeUnknownInteraction})
		}
		valid := []int{CallbackMessage, CallbackDeferred}
		if rec.typ == InteractionAutocomplete {
			valid = []int{CallbackAutocomplete}
		}
		if !slices.Contains(valid, resp.Type) {
			f := formErrors{}
			f.add("INTERACTION_RESPONSE_TYPE_INVALID", "Interaction response type is invalid for this interaction", "type")
			return errorAnswer(http.StatusBadRequest, apiError{Message: "Invalid Form Body", Code: codeInvalidResponseType, Errors: f})
		}
		switch resp.Type {
		case CallbackAutocomplete:
			var d struct {
				Choices []Choice `json:"choices"`
			}
			if json.Unmarshal(resp.Data, &d) != nil {
				return errorAnswer(http.StatusBadRequest, invalidJSON)
			}
			f := formErrors{}
			validateChoices(f, d.Choices, "data", "choices")
			if len(f) > 0 {
				return errorAnswer(http.StatusBadRequest, apiError{Message: "Invalid Form Body", Code: 50035, Errors: f})
			}
			rec.state.Choices = d.Choices
			if rec.state.Choices == nil {
				rec.state.Choices = []Choice{}
			}
		case CallbackDeferred:
			p, perr := replyPayload(resp.Data, false, nil)
			if perr != nil {
				return errorAnswer(http.StatusBadRequest, *perr)
			}
			rec.state.Deferred = true
			rec.deferFlags = p.Flags & FlagEphemeral
		case CallbackMessage:
			p, perr := replyPayload(resp.Data, true, files)
			if perr != nil {
				return errorAnswer(http.StatusBadRequest, *perr)
			}
			m := s.replyLocked(p, resp.Data, files, now)
			rec.state.Original = &m
		}
		rec.state.Acked = max(now.Sub(rec.sent), time.Nanosecond)
		return answer{status: http.StatusNoContent}
	}()
	a.mode = ModeInteraction
	rec.state.Callbacks = append(rec.state.Callbacks, Callback{Type: resp.Type, Status: a.status, After: now.Sub(rec.sent), Raw: append(json.RawMessage(nil), body...)})
	s.notifyLocked()
	return a
}

// replyPayload decodes and validates the message of a response, an edit
// or a followup. create says it must not be empty (files count as content).
func replyPayload(raw json.RawMessage, create bool, files []Attachment) (*payload, *apiError) {
	if len(raw) == 0 || string(raw) == "null" {
		raw = json.RawMessage("{}")
	}
	p, perr := decodePayload(raw)
	if perr != nil {
		return nil, perr
	}
	if create && len(files) > 0 && p.contentOrEmpty() == "" && len(p.embedsOrNil()) == 0 {
		create = false // a file alone is a message
	}
	if perr := validate(p, create); perr != nil {
		return nil, perr
	}
	if p.Flags&^allowedReplyFlags != 0 {
		f := formErrors{}
		f.add("MESSAGE_FLAGS_INVALID", "Invalid flags", "flags")
		return nil, &apiError{Message: "Invalid Form Body", Code: 50035, Errors: f}
	}
	return p, nil
}

// replyLocked builds the message of a reply. s.mu must be held.
func (s *Server) replyLocked(p *payload, raw json.RawMessage, files []Attachment, now time.Time) Message {
	m := Message{
		ID: s.nextIDLocked(now), ChannelID: channelID, Mode: ModeInteraction,
		Content: p.contentOrEmpty(), Embeds: p.embedsOrNil(), AllowedMentions: p.AllowedMentions,
		Flags: p.Flags, Timestamp: now.UTC(), Raw: append(json.RawMessage(nil), raw...), Attachments: files,
	}
	m.PingedRoles, m.PingedUsers, m.PingedEveryone = pings(m.Content, m.AllowedMentions)
	return m
}

// interactionWebhookRoute: the original reply and the followups of an
// interaction, by its token.
func (s *Server) interactionWebhookRoute(r *http.Request, seg []string, body []byte) answer {
	files := formFiles(r)
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	a := func() answer {
		rec := s.interactionTokens[seg[2]]
		if rec == nil || now.Sub(rec.sent) > tokenLife {
			return errorAnswer(http.StatusUnauthorized, apiError{Message: "Invalid Webhook Token", Code: 50027})
		}
		if rec.state.Acked == 0 || rec.typ == InteractionAutocomplete {
			return errorAnswer(http.StatusNotFound, apiError{Message: "Unknown Webhook", Code: 10015})
		}
		st := &rec.state
		switch {
		case len(seg) == 3 && r.Method == http.MethodPost: // followup
			p, perr := replyPayload(body, true, files)
			if perr != nil {
				return errorAnswer(http.StatusBadRequest, *perr)
			}
			m := s.replyLocked(p, body, files, now)
			if st.Deferred && st.Original == nil && len(st.Followups) == 0 {
				// The first followup after a deferral is the reply, as
				// ephemeral as the deferral said.
				m.Flags = m.Flags&^FlagEphemeral | rec.deferFlags
				st.Original = &m
			} else {
				st.Followups = append(st.Followups, m)
			}
			if r.URL.Query().Get("wait") != "true" {
				return answer{status: http.StatusNoContent}
			}
			return answer{status: http.StatusOK, body: s.wire(m)}
		case len(seg) == 5 && seg[3] == "messages":
			target := s.replyTargetLocked(st, seg[4])
			switch r.Method {
			case http.MethodGet:
				if target == nil || *target == nil {
					return errorAnswer(http.StatusNotFound, apiError{Message: "Unknown Message", Code: codeUnknownWebhookOrMsg})
				}
				return answer{status: http.StatusOK, body: s.wire(**target)}
			case http.MethodDelete:
				if target == nil || (*target == nil && !(seg[4] == "@original" && st.Deferred)) {
					return errorAnswer(http.StatusNotFound, apiError{Message: "Unknown Message", Code: codeUnknownWebhookOrMsg})
				}
				if seg[4] == "@original" {
					st.Original, st.Deferred = nil, false
				} else {
					st.Followups = slices.DeleteFunc(st.Followups, func(m Message) bool { return m.ID == seg[4] })
				}
				return answer{status: http.StatusNoContent}
			case http.MethodPatch:
				if target == nil || (*target == nil && !(seg[4] == "@original" && st.Deferred)) {
					return errorAnswer(http.StatusNotFound, apiError{Message: "Unknown Message", Code: codeUnknownWebhookOrMsg})
				}
				p, perr := replyPayload(body, false, files)
				if perr != nil {
					return errorAnswer(http.StatusBadRequest, *perr)
				}
				var m Message
				if *target == nil { // the deferred reply gets its content
					m = s.replyLocked(p, body, files, now)
					m.Flags = rec.deferFlags
				} else {
					m = (*target).clone()
					if p.Content != nil {
						m.Content = *p.Content
					}
					if p.Embeds != nil {
						m.Embeds = *p.Embeds
					}
					if p.AllowedMentions != nil {
						m.AllowedMentions = p.AllowedMentions
					}
					if files != nil {
						m.Attachments = files
					}
					m.EditedTimestamp = now.UTC()
					m.Edits = append(m.Edits, append(json.RawMessage(nil), body...))
				}
				if m.Content == "" && len(m.Embeds) == 0 && len(m.Attachments) == 0 {
					return errorAnswer(http.StatusBadRequest, apiError{Message: "Cannot send an empty message", Code: 50006})
				}
				m.PingedRoles, m.PingedUsers, m.PingedEveryone = pings(m.Content, m.AllowedMentions)
				if seg[4] == "@original" {
					st.Original = &m
				} else {
					for k := range st.Followups {
						if st.Followups[k].ID == seg[4] {
							st.Followups[k] = m
						}
					}
				}
				return answer{status: http.StatusOK, body: s.wire(m)}
			}
			return methodNotAllowed()
		}
		return notFound()
	}()
	a.mode = ModeInteraction
	s.notifyLocked()
	return a
}

// replyTargetLocked points at the original reply (@original) or a
// followup; nil when id names none.
func (s *Server) replyTargetLocked(st *InteractionState, id string) **Message {
	if id == "@original" {
		return &st.Original
	}
	for k := range st.Followups {
		if st.Followups[k].ID == id {
			m := &st.Followups[k]
			return &m
		}
	}
	return nil
}
