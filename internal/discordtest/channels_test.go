package discordtest

import (
	"net/http"
	"testing"
)

// A bot posts to every channel the fake knows, each message stays in its
// channel (an edit through another channel finds nothing), and nonces are
// the bot's, across channels, as on Discord.
func TestChannels(t *testing.T) {
	s := New(t)
	bot := "Bot " + s.BotToken()
	other := s.AddChannel()
	if other == s.ChannelID() || other == s.AddChannel() {
		t.Fatalf("AddChannel gave an id in use: %s", other)
	}
	path := func(ch string) string { return "/api/v10/channels/" + ch + "/messages" }
	status, first, _ := post(t, s, "POST", path(s.ChannelID()), bot, okBody)
	if status != http.StatusOK {
		t.Fatalf("post in the first channel: %d", status)
	}
	status, second, _ := post(t, s, "POST", path(other), bot, `{"content":"there","allowed_mentions":{"parse":[]}}`)
	if status != http.StatusOK || second["channel_id"] != other {
		t.Fatalf("post in the added channel: %d %v", status, second)
	}
	if got := s.MessagesIn(other); len(got) != 1 || got[0].Content != "there" {
		t.Errorf("MessagesIn(added) = %+v", got)
	}
	if got := s.MessagesIn(s.ChannelID()); len(got) != 1 || got[0].Content != "hi" {
		t.Errorf("MessagesIn(first) = %+v", got)
	}
	id := first["id"].(string)
	if status, body, _ := post(t, s, "PATCH", path(other)+"/"+id, bot, okBody); status != http.StatusNotFound || body["code"] != float64(10008) {
		t.Errorf("edit of a message through another channel: %d %v, want 404 Unknown Message", status, body)
	}
	if status, _, _ := post(t, s, "PATCH", path(s.ChannelID())+"/"+id, bot, `{"content":"edited"}`); status != http.StatusOK {
		t.Errorf("edit in its channel: %d", status)
	}

	// One nonce, two channels: Discord answers the second with the first
	// message, posted in the first channel.
	const nonced = `{"content":"n","nonce":"r1","enforce_nonce":true,"allowed_mentions":{"parse":[]}}`
	post(t, s, "POST", path(s.ChannelID()), bot, nonced)
	status, again, _ := post(t, s, "POST", path(other), bot, nonced)
	if status != http.StatusOK || again["channel_id"] != s.ChannelID() || len(s.MessagesIn(other)) != 1 {
		t.Errorf("a nonce repeated in another channel: %d %v; %d messages there", status, again, len(s.MessagesIn(other)))
	}
}

// FailChannelNext fails one channel's posts; the bot's other channels work.
func TestFailChannelNext(t *testing.T) {
	s := New(t)
	bot := "Bot " + s.BotToken()
	other := s.AddChannel()
	path := func(ch string) string { return "/api/v10/channels/" + ch + "/messages" }
	s.FailChannelNext(other, 2, http.StatusServiceUnavailable)
	for i, want := range []int{503, 503, 200} {
		if status, _, _ := post(t, s, "POST", path(other), bot, okBody); status != want {
			t.Errorf("post %d in the failing channel: %d, want %d", i, status, want)
		}
		if status, _, _ := post(t, s, "POST", path(s.ChannelID()), bot, okBody); status != http.StatusOK {
			t.Errorf("post %d in the other channel: %d", i, status)
		}
	}
	s.FailChannelNext(other, 5, http.StatusTooManyRequests)
	s.FailChannelNext(other, 0, 0)
	if status, _, _ := post(t, s, "POST", path(other), bot, okBody); status != http.StatusOK {
		t.Errorf("after clearing: %d", status)
	}
}
