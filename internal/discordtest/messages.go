package discordtest

import (
	"encoding/json"
	"net/http"
	"time"
)

// admit runs what a create and an edit share, in Discord's order: an
// injected fault, then the rate limit, then the payload's validation (a
// rate-limited request is answered 429 even when its body is bad). When ok,
// it returns the payload and the time of the request with s.mu held: the
// caller unlocks. Otherwise it returns the answer to send, unlocked.
func (s *Server) admit(mode, channel string, body []byte, create bool) (p *payload, now time.Time, a answer, ok bool) {
	if a, failed := s.injected(mode, channel); failed {
		return nil, now, a, false
	}
	p, perr := decodePayload(body)
	if perr == nil {
		perr = validate(p, create)
	}
	now = time.Now()
	s.mu.Lock()
	if b := s.faults.admitLocked(now); b.limited {
		s.mu.Unlock()
		return nil, now, rateLimited(mode, b, now), false
	}
	if perr != nil {
		s.mu.Unlock()
		return nil, now, withMode(errorAnswer(http.StatusBadRequest, *perr), mode), false
	}
	return p, now, answer{}, true
}

// create handles a webhook execute or a channel message create in channel,
// with the files of a multipart request.
func (s *Server) create(mode, channel string, body []byte, wait bool, files ...Attachment) answer {
	p, now, a, ok := s.admit(mode, channel, body, true)
	if !ok {
		return a
	}
	defer s.mu.Unlock()
	nonce := nonceString(p.Nonce)
	if mode == ModeBot && p.EnforceNonce && nonce != "" {
		// Discord returns the earlier message instead of posting twice.
		if i, ok := s.nonces[nonce]; ok {
			return answer{status: http.StatusOK, mode: mode, body: s.wire(s.messages[i])}
		}
	}
	m := Message{
		ID:              s.nextIDLocked(now),
		ChannelID:       channel,
		Mode:            mode,
		Content:         p.contentOrEmpty(),
		Embeds:          p.embedsOrNil(),
		AllowedMentions: p.AllowedMentions,
		Timestamp:       now.UTC(),
		Raw:             append(json.RawMessage(nil), body...),
		Attachments:     files,
	}
	for i := range m.Embeds {
		if m.Embeds[i].Type == "" {
			m.Embeds[i].Type = "rich"
		}
	}
	if mode == ModeBot {
		m.Nonce = nonce
	}
	m.PingedRoles, m.PingedUsers, m.PingedEveryone = pings(m.Content, m.AllowedMentions)
	s.messages = append(s.messages, m)
	if mode == ModeBot && nonce != "" {
		s.nonces[nonce] = len(s.messages) - 1
	}
	s.notifyLocked()
	if !wait {
		return answer{status: http.StatusNoContent, mode: mode}
	}
	return answer{status: http.StatusOK, mode: mode, body: s.wire(m)}
}

// edit handles PATCH of a message: the parts sent replace the stored ones.
func (s *Server) edit(mode, channel, id string, body []byte) answer {
	p, now, a, ok := s.admit(mode, channel, body, false)
	if !ok {
		return a
	}
	defer s.mu.Unlock()
	i := s.indexLocked(mode, channel, id)
	if i < 0 {
		return withMode(errorAnswer(http.StatusNotFound, apiError{Message: "Unknown Message", Code: 10008}), mode)
	}
	m := s.messages[i].clone()
	if p.Content != nil {
		m.Content = *p.Content
	}
	if p.Embeds != nil {
		m.Embeds = *p.Embeds
	}
	if p.AllowedMentions != nil {
		m.AllowedMentions = p.AllowedMentions
	}
	if m.Content == "" && len(m.Embeds) == 0 {
		return withMode(errorAnswer(http.StatusBadRequest, apiError{Message: "Cannot send an empty message", Code: 50006}), mode)
	}
	m.EditedTimestamp = now.UTC()
	m.Edits = append(m.Edits, append(json.RawMessage(nil), body...))
	m.PingedRoles, m.PingedUsers, m.PingedEveryone = pings(m.Content, m.AllowedMentions)
	s.messages[i] = m
	s.notifyLocked()
	return answer{status: http.StatusOK, mode: mode, body: s.wire(m)}
}

func (s *Server) get(mode, channel, id string) answer {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.indexLocked(mode, channel, id)
	if i < 0 {
		return withMode(errorAnswer(http.StatusNotFound, apiError{Message: "Unknown Message", Code: 10008}), mode)
	}
	return answer{status: http.StatusOK, mode: mode, body: s.wire(s.messages[i])}
}

// indexLocked finds a message by id in channel. A webhook may only touch
// its own messages, as on Discord, and a message is found only in the
// channel it was posted in.
func (s *Server) indexLocked(mode, channel, id string) int {
	for i, m := range s.messages {
		if m.ID == id && m.ChannelID == channel && (mode == ModeBot || m.Mode == ModeWebhook) {
			return i
		}
	}
	return -1
}

// wire is the Message object Discord answers with.
func (s *Server) wire(m Message) wireMessage {
	w := wireMessage{
		ID: m.ID, ChannelID: m.ChannelID, Content: m.Content, Embeds: m.Embeds,
		Mentions: []string{}, MentionRoles: append([]string{}, m.PingedRoles...), MentionEveryone: m.PingedEveryone,
		Attachments: []string{}, Components: []string{},
		Timestamp: m.Timestamp.Format("2006-01-02T15:04:05.000000+00:00"),
		Nonce:     m.Nonce,
		Author:    wireAuthor{ID: botUserID, Username: "raqib", Discriminator: "0000", Bot: true},
	}
	if w.Embeds == nil {
		w.Embeds = []Embed{}
	}
	if m.Mode == ModeWebhook {
		w.WebhookID = webhookID
		w.Author.ID = webhookID
	}
	if !m.EditedTimestamp.IsZero() {
		ts := m.EditedTimestamp.Format("2006-01-02T15:04:05.000000+00:00")
		w.EditedTimestamp = &ts
	}
	return w
}
