package discordtest

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strconv"
	"testing"
)

// postForm sends a multipart/form-data body and returns the status.
func postForm(t *testing.T, path, auth, contentType string, body []byte) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func formBody(t *testing.T, payload string, files map[string][]byte) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if payload != "" {
		if err := w.WriteField("payload_json", payload); err != nil {
			t.Fatal(err)
		}
	}
	i := 0
	for name, data := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="files[`+strconv.Itoa(i)+`]"; filename="`+name+`"`)
		h.Set("Content-Type", "image/png")
		p, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Write(data); err != nil {
			t.Fatal(err)
		}
		i++
	}
	w.Close()
	return w.FormDataContentType(), buf.Bytes()
}

func TestMultipartCreate(t *testing.T) {
	s := New(t)
	payload := `{"content":"digest","embeds":[{"image":{"url":"attachment://c.png"}}],"allowed_mentions":{"parse":[]}}`
	ct, body := formBody(t, payload, map[string][]byte{"c.png": []byte("\x89PNG data")})

	if got := postForm(t, s.WebhookURL()+"?wait=true", "", ct, body); got != http.StatusOK {
		t.Fatalf("webhook: status %d", got)
	}
	if got := postForm(t, s.URL+"/channels/"+s.ChannelID()+"/messages", "Bot "+s.BotToken(), ct, body); got != http.StatusOK {
		t.Fatalf("bot: status %d", got)
	}
	msgs := s.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d messages, want 2", len(msgs))
	}
	for _, m := range msgs {
		if m.Content != "digest" || string(m.Raw) != payload {
			t.Errorf("%s: content %q, raw %s", m.Mode, m.Content, m.Raw)
		}
		if len(m.Attachments) != 1 {
			t.Fatalf("%s: %d attachments", m.Mode, len(m.Attachments))
		}
		a := m.Attachments[0]
		if a.Field != "files[0]" || a.Filename != "c.png" || a.ContentType != "image/png" || string(a.Data) != "\x89PNG data" {
			t.Errorf("%s: attachment %+v", m.Mode, a)
		}
		if len(m.Embeds) != 1 || m.Embeds[0].Image == nil || m.Embeds[0].Image.URL != "attachment://c.png" {
			t.Errorf("%s: embeds %+v", m.Mode, m.Embeds)
		}
	}

	// A JSON post still has no attachments.
	if got, _, _ := post(t, s, "POST", hookPath(s)+"?wait=true", "", okBody); got != http.StatusOK {
		t.Fatalf("json: status %d", got)
	}
	if m := s.Messages()[2]; len(m.Attachments) != 0 {
		t.Errorf("json post has attachments: %+v", m.Attachments)
	}
}

func TestMultipartRefused(t *testing.T) {
	s := New(t)
	// No payload_json and no content: an empty message.
	ct, body := formBody(t, "", map[string][]byte{"c.png": []byte("x")})
	if got := postForm(t, s.WebhookURL()+"?wait=true", "", ct, body); got != http.StatusBadRequest {
		t.Errorf("no payload_json: status %d, want 400", got)
	}
	// A body cut short.
	ct, body = formBody(t, `{"content":"x"}`, map[string][]byte{"c.png": []byte("x")})
	if got := postForm(t, s.WebhookURL()+"?wait=true", "", ct, body[:len(body)-10]); got != http.StatusBadRequest {
		t.Errorf("truncated form: status %d, want 400", got)
	}
	if n := len(s.Messages()); n != 0 {
		t.Errorf("%d messages stored, want none", n)
	}
}
