package discordtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// post sends body to path (under the server root) and returns the status,
// the decoded JSON answer and the headers.
func post(t *testing.T, s *Server, method, path, auth, body string) (int, map[string]any, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, s.Root+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(data) > 0 {
		if err := json.Unmarshal(data, &out); err != nil {
			t.Fatalf("answer is not JSON: %s", data)
		}
	}
	return resp.StatusCode, out, resp.Header
}

func hookPath(s *Server) string { return strings.TrimPrefix(s.WebhookURL(), s.Root) }

const okBody = `{"content":"hi","allowed_mentions":{"parse":[]}}`

func TestRoutes(t *testing.T) {
	s := New(t)
	hook := hookPath(s)
	bot := "Bot " + s.BotToken()
	chans := "/api/v10/channels/" + s.ChannelID() + "/messages"
	tests := []struct {
		name, method, path, auth, body string
		wantStatus                     int
		wantMessage                    string // of an error answer
		wantCode                       float64
	}{
		{"webhook wait", "POST", hook + "?wait=true", "", okBody, 200, "", 0},
		{"webhook no wait", "POST", hook, "", okBody, 204, "", 0},
		{"webhook v10", "POST", strings.Replace(hook, "/api/", "/api/v10/", 1) + "?wait=true", "", okBody, 200, "", 0},
		{"webhook v9", "POST", strings.Replace(hook, "/api/", "/api/v9/", 1) + "?wait=true", "", okBody, 200, "", 0},
		{"webhook wrong token", "POST", strings.Replace(hook, s.WebhookToken(), "nope", 1), "", okBody, 401, "Invalid Webhook Token", 50027},
		{"webhook unknown", "POST", strings.Replace(hook, webhookID, "42", 1), "", okBody, 404, "Unknown Webhook", 10015},
		{"bot", "POST", chans, bot, okBody, 200, "", 0},
		{"bot v9", "POST", strings.Replace(chans, "v10", "v9", 1), bot, okBody, 200, "", 0},
		{"bot no auth", "POST", chans, "", okBody, 401, "401: Unauthorized", 0},
		{"bot without prefix", "POST", chans, s.BotToken(), okBody, 401, "401: Unauthorized", 0},
		{"bot unknown channel", "POST", "/api/v10/channels/42/messages", bot, okBody, 404, "Unknown Channel", 10003},
		{"unknown route", "POST", "/api/v10/guilds/1", bot, okBody, 404, "404: Not Found", 0},
		{"wrong method", "DELETE", chans, bot, "", 405, "405: Method Not Allowed", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, h := post(t, s, tt.method, tt.path, tt.auth, tt.body)
			if status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %v", status, tt.wantStatus, body)
			}
			for _, k := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Reset-After", "X-RateLimit-Bucket"} {
				if h.Get(k) == "" {
					t.Errorf("answer lacks %s", k)
				}
			}
			if tt.wantMessage != "" {
				if body["message"] != tt.wantMessage || body["code"] != tt.wantCode {
					t.Errorf("error body %v, want %q code %v", body, tt.wantMessage, tt.wantCode)
				}
			}
			if status == 200 {
				id, _ := body["id"].(string)
				if id == "" || body["channel_id"] != s.ChannelID() || body["content"] != "hi" {
					t.Errorf("message answer %v", body)
				}
			}
		})
	}
	if got := len(s.Messages()); got != 6 {
		t.Errorf("%d messages stored, want 6", got)
	}
}

func TestValidation(t *testing.T) {
	s := New(t)
	embed := func(fields string) string { return `{"embeds":[{` + fields + `}]}` }
	long := func(n int) string { return strings.Repeat("ع", n) }
	tests := []struct {
		name     string
		body     string
		wantCode float64 // 0: accepted
		wantPath string  // a key path in "errors", dot-separated
	}{
		{"empty", `{"content":""}`, 50006, ""},
		{"nothing", `{}`, 50006, ""},
		{"invalid utf-8", "{\"content\":\"\xff\"}", 50109, ""},
		{"not json", `{"content":`, 50109, ""},
		{"content 2000", `{"content":"` + long(2000) + `"}`, 0, ""},
		{"content 2001", `{"content":"` + long(2001) + `"}`, 50035, "content"},
		{"title 256", embed(`"title":"` + long(256) + `"`), 0, ""},
		{"title 257", embed(`"title":"` + long(257) + `"`), 50035, "embeds.0.title"},
		{"description 4097", embed(`"description":"` + long(4097) + `"`), 50035, "embeds.0.description"},
		{"field name 257", embed(`"fields":[{"name":"` + long(257) + `","value":"v"}]`), 50035, "embeds.0.fields.0.name"},
		{"field value 1025", embed(`"fields":[{"name":"n","value":"` + long(1025) + `"}]`), 50035, "embeds.0.fields.0.value"},
		{"field value empty", embed(`"fields":[{"name":"n","value":""}]`), 50035, "embeds.0.fields.0.value"},
		{"footer 2049", embed(`"title":"t","footer":{"text":"` + long(2049) + `"}`), 50035, "embeds.0.footer.text"},
		{"bad url", embed(`"title":"t","url":"javascript:alert(1)"`), 50035, "embeds.0.url"},
		{"bad timestamp", embed(`"title":"t","timestamp":"yesterday"`), 50035, "embeds.0.timestamp"},
		{"11 embeds", `{"embeds":[` + strings.Repeat(`{"title":"t"},`, 10) + `{"title":"t"}]}`, 50035, "embeds"},
		{"10 embeds", `{"embeds":[` + strings.Repeat(`{"title":"t"},`, 9) + `{"title":"t"}]}`, 0, ""},
		{"total 6001", `{"embeds":[{"description":"` + long(4000) + `"},{"description":"` + long(2001) + `"}]}`, 50035, "embeds"},
		{"total 6000", `{"embeds":[{"description":"` + long(4000) + `"},{"description":"` + long(2000) + `"}]}`, 0, ""},
		{"parse roles and roles", `{"content":"x","allowed_mentions":{"parse":["roles"],"roles":["1"]}}`, 50035, "allowed_mentions"},
		{"null embeds and stickers", `{"content":"x","embeds":null,"sticker_ids":null,"components":null,"tts":false}`, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, _ := post(t, s, "POST", hookPath(s)+"?wait=true", "", tt.body)
			if tt.wantCode == 0 {
				if status != 200 {
					t.Fatalf("status %d, want 200: %v", status, body)
				}
				return
			}
			if status != 400 || body["code"] != tt.wantCode {
				t.Fatalf("status %d %v, want 400 code %v", status, body, tt.wantCode)
			}
			if tt.wantPath != "" {
				node, _ := body["errors"].(map[string]any)
				for _, k := range strings.Split(tt.wantPath, ".") {
					node, _ = node[k].(map[string]any)
				}
				if node == nil || node["_errors"] == nil {
					t.Errorf("errors lack %s: %v", tt.wantPath, body["errors"])
				}
			}
		})
	}
}

func TestMessagesRecorded(t *testing.T) {
	s := New(t)
	body := `{"content":"<@&456> @everyone","embeds":[{"title":"T","fields":[{"name":"n","value":"v"}]}],"allowed_mentions":{"parse":[],"roles":["456"]}}`
	_, ans, _ := post(t, s, "POST", hookPath(s)+"?wait=true", "", body)
	msgs := s.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	m := msgs[0]
	if m.ID != ans["id"] || m.Mode != ModeWebhook || string(m.Raw) != body || m.Embeds[0].Type != "rich" {
		t.Errorf("recorded %+v", m)
	}
	if m.AllowedMentions == nil || m.AllowedMentions.Parse == nil {
		t.Errorf("parse [] not kept apart from null: %+v", m.AllowedMentions)
	}
	if len(m.PingedRoles) != 1 || m.PingedRoles[0] != "456" || m.PingedEveryone {
		t.Errorf("pings: roles %v everyone %v", m.PingedRoles, m.PingedEveryone)
	}

	// Without allowed_mentions everything in content pings.
	post(t, s, "POST", hookPath(s), "", `{"content":"@everyone <@&9>"}`)
	if m := s.Messages()[1]; !m.PingedEveryone || len(m.PingedRoles) != 1 {
		t.Errorf("without allowed_mentions: everyone %v roles %v", m.PingedEveryone, m.PingedRoles)
	}
	// Copies: changing what Messages returned changes nothing stored.
	msgs[0].Embeds[0].Title = "changed"
	if s.Messages()[0].Embeds[0].Title != "T" {
		t.Errorf("Messages returned shared state")
	}
}

func TestEdit(t *testing.T) {
	s := New(t)
	_, ans, _ := post(t, s, "POST", hookPath(s)+"?wait=true", "", okBody)
	id := ans["id"].(string)
	status, ans, _ := post(t, s, "PATCH", hookPath(s)+"/messages/"+id, "", `{"content":"edited"}`)
	if status != 200 || ans["content"] != "edited" || ans["edited_timestamp"] == nil {
		t.Fatalf("webhook edit: %d %v", status, ans)
	}
	status, _, _ = post(t, s, "PATCH", "/api/v10/channels/"+s.ChannelID()+"/messages/"+id, "Bot "+s.BotToken(), `{"embeds":[{"title":"x"}]}`)
	if status != 200 {
		t.Fatalf("bot edit: %d", status)
	}
	m := s.Messages()[0]
	if m.Content != "edited" || len(m.Embeds) != 1 || len(m.Edits) != 2 {
		t.Errorf("after edits: %+v", m)
	}
	if status, ans, _ := post(t, s, "PATCH", hookPath(s)+"/messages/1", "", `{"content":"x"}`); status != 404 || ans["code"] != float64(10008) {
		t.Errorf("unknown message: %d %v", status, ans)
	}
}

func TestNonce(t *testing.T) {
	s := New(t)
	path, bot := "/api/v10/channels/"+s.ChannelID()+"/messages", "Bot "+s.BotToken()
	body := `{"content":"x","nonce":"abc","enforce_nonce":true}`
	_, a1, _ := post(t, s, "POST", path, bot, body)
	_, a2, _ := post(t, s, "POST", path, bot, body)
	if a1["id"] != a2["id"] || len(s.Messages()) != 1 {
		t.Errorf("enforce_nonce posted twice: %v %v", a1["id"], a2["id"])
	}
	post(t, s, "POST", path, bot, `{"content":"x","nonce":"abc"}`) // not enforced
	if len(s.Messages()) != 2 {
		t.Errorf("a nonce without enforce_nonce deduplicated")
	}
	if status, _, _ := post(t, s, "POST", path, bot, `{"content":"x","nonce":"`+strings.Repeat("n", 26)+`"}`); status != 400 {
		t.Errorf("26-character nonce: %d", status)
	}
}

func TestFailNext(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 429, 500, 502, 503} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			s := New(t)
			s.FailNext(2, status)
			for i := range 2 {
				got, body, h := post(t, s, "POST", hookPath(s)+"?wait=true", "", okBody)
				if got != status || body["message"] == nil {
					t.Fatalf("post %d: %d %v, want %d with a message", i, got, body, status)
				}
				if status == 429 {
					if body["retry_after"] != 0.2 || body["global"] != false || h.Get("Retry-After") != "1" || h.Get("X-RateLimit-Remaining") != "0" {
						t.Errorf("429 body %v headers %v", body, h)
					}
				}
			}
			if got, _, _ := post(t, s, "POST", hookPath(s)+"?wait=true", "", okBody); got != 200 {
				t.Errorf("third post: %d, want 200", got)
			}
			if len(s.Messages()) != 1 {
				t.Errorf("%d messages, want 1", len(s.Messages()))
			}
		})
	}
}

func TestRateLimit(t *testing.T) {
	s := New(t)
	s.RateLimit(2, 200*time.Millisecond)
	var remaining []string
	for range 2 {
		status, _, h := post(t, s, "POST", hookPath(s), "", okBody)
		if status != 204 {
			t.Fatalf("status %d", status)
		}
		remaining = append(remaining, h.Get("X-RateLimit-Remaining"))
	}
	if remaining[0] != "1" || remaining[1] != "0" {
		t.Errorf("X-RateLimit-Remaining %v, want [1 0]", remaining)
	}
	status, body, h := post(t, s, "POST", hookPath(s), "", okBody)
	if status != 429 || body["message"] != "You are being rate limited." || h.Get("Retry-After") == "" {
		t.Fatalf("third post: %d %v %v", status, body, h)
	}
	if ra, _ := body["retry_after"].(float64); ra <= 0 || ra > 0.2 {
		t.Errorf("retry_after %v, want within the 0.2s window", ra)
	}
	time.Sleep(250 * time.Millisecond)
	if status, _, _ := post(t, s, "POST", hookPath(s), "", okBody); status != 204 {
		t.Errorf("after the window: %d", status)
	}
}

func TestDownAndStall(t *testing.T) {
	s := New(t)
	s.Down()
	if _, err := http.Post(s.WebhookURL(), "application/json", strings.NewReader(okBody)); err == nil {
		t.Fatal("a post to a down server got an answer")
	}
	s.Up()
	s.Stall(300 * time.Millisecond)
	c := &http.Client{Timeout: 50 * time.Millisecond}
	if _, err := c.Post(s.WebhookURL(), "application/json", strings.NewReader(okBody)); err == nil {
		t.Fatal("a stalled server answered within 50ms")
	}
	s.Stall(0)
	status, _, _ := post(t, s, "POST", hookPath(s), "", okBody)
	if status != 204 {
		t.Errorf("after Up and Stall(0): %d", status)
	}
	reqs := s.Requests()
	if len(reqs) < 2 || reqs[0].Status != 0 {
		t.Errorf("requests %+v", reqs)
	}
}

// TestHoldNextUntil: a held post is posted at once and answered only when
// the test releases it; one the client abandons stays posted; the post
// after the n held ones is answered at once.
func TestHoldNextUntil(t *testing.T) {
	s := New(t)
	release := make(chan struct{})
	s.HoldNextUntil(2, release)

	// The first: abandoned by its client once the message is posted.
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, "POST", s.WebhookURL()+"?wait=true", strings.NewReader(okBody))
		req.Header.Set("Content-Type", "application/json")
		_, err := http.DefaultClient.Do(req)
		errc <- err
	}()
	if got := s.WaitMessages(1, 10*time.Second); len(got) != 1 {
		t.Fatalf("%d messages posted, want the held one", len(got))
	}
	cancel()
	if err := <-errc; err == nil {
		t.Error("an abandoned held post got an answer")
	}

	// The second: answered when released.
	answered := make(chan int, 1)
	go func() {
		status, _, _ := post(t, s, "POST", hookPath(s)+"?wait=true", "", okBody)
		answered <- status
	}()
	s.WaitMessages(2, 10*time.Second)
	select {
	case status := <-answered:
		t.Fatalf("a held post was answered (%d) before its release", status)
	default:
	}
	close(release)
	if status := <-answered; status != 200 {
		t.Errorf("released post: %d, want 200", status)
	}
	// The third is not held.
	if status, _, _ := post(t, s, "POST", hookPath(s)+"?wait=true", "", okBody); status != 200 {
		t.Errorf("post after the held ones: %d", status)
	}
	if n := len(s.Messages()); n != 3 {
		t.Errorf("%d messages, want 3", n)
	}
}

// TestConcurrent posts from many goroutines while faults change, for the
// race detector, and checks ids are unique.
func TestConcurrent(t *testing.T) {
	s := New(t)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			if i%5 == 0 {
				s.FailNext(1, 500)
			}
			body := fmt.Sprintf(`{"content":"m%d"}`, i)
			resp, err := http.Post(s.WebhookURL()+"?wait=true", "application/json", bytes.NewBufferString(body))
			if err == nil {
				resp.Body.Close()
			}
			_ = s.Messages()
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, m := range s.Messages() {
		if seen[m.ID] {
			t.Errorf("duplicate id %s", m.ID)
		}
		seen[m.ID] = true
	}
	if got := s.WaitMessages(len(seen), time.Second); len(got) != len(seen) {
		t.Errorf("WaitMessages returned %d", len(got))
	}
}
