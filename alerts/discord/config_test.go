package discord

import (
	"net/http"
	"testing"
	"time"
)

func TestWebhookBaseFromURL(t *testing.T) {
	tests := []struct{ hook, want string }{
		{"https://discord.com/api/webhooks/1/tok", "https://discord.com/api"},
		{"https://ptb.discord.com/api/v10/webhooks/1/tok", "https://ptb.discord.com/api/v10"},
		{"http://127.0.0.1:8080/x/api/webhooks/1/tok?thread_id=5", "http://127.0.0.1:8080/x/api"},
	}
	for _, tt := range tests {
		n, err := New(Config{WebhookURL: tt.hook})
		if err != nil {
			t.Fatalf("%s: %v", tt.hook, err)
		}
		if got := n.t.base.String(); got != tt.want {
			t.Errorf("base of %s = %s, want %s", tt.hook, got, tt.want)
		}
	}
}

func TestNewKeepsCallerClient(t *testing.T) {
	c := &http.Client{Timeout: time.Second}
	if _, err := New(Config{WebhookURL: "https://discord.com/api/webhooks/1/tok", HTTPClient: c}); err != nil {
		t.Fatal(err)
	}
	if c.Transport != nil {
		t.Errorf("New changed the caller's client")
	}
}

func TestNewErrors(t *testing.T) {
	const secret = "s3cr3t-T0KEN"
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"none", Config{}, "discord: neither webhook_url nor token is set"},
		{"both", Config{WebhookURL: "https://discord.com/api/webhooks/1/" + secret, Token: secret}, "discord: webhook_url and token are both set: keep one mode"},
		{"not a URL", Config{WebhookURL: "://" + secret}, "discord: webhook_url must look like https://discord.com/api/webhooks/ID/TOKEN"},
		{"no token", Config{WebhookURL: "https://discord.com/api/webhooks/1"}, "discord: webhook_url must look like https://discord.com/api/webhooks/ID/TOKEN"},
		{"ftp", Config{WebhookURL: "ftp://discord.com/api/webhooks/1/" + secret}, "discord: webhook_url must look like https://discord.com/api/webhooks/ID/TOKEN"},
		{"bad escape", Config{WebhookURL: "https://discord.com/api/webhooks/1/%zz" + secret}, "discord: webhook_url must look like https://discord.com/api/webhooks/ID/TOKEN"},
		{"no channel", Config{Token: secret}, "discord: channel_id is required with token"},
		{"bad channel", Config{Token: secret, ChannelID: "general"}, "discord: channel_id must be a Discord id (digits only)"},
		{"bad role", Config{Token: secret, ChannelID: "1", EmbassyRoleID: "@admins"}, "discord: embassy_role_id must be a Discord id (digits only)"},
		{"bad api_url", Config{Token: secret, ChannelID: "1", APIURL: "discord.com/api"}, "discord: api_url must be an http(s) URL such as https://discord.com/api/v10"},
		{"api_url query", Config{Token: secret, ChannelID: "1", APIURL: "https://x.example/api?k=" + secret}, "discord: api_url must not carry credentials, a query or a fragment"},
		{"newline in token", Config{Token: "abc\ndef", ChannelID: "1"}, "discord: token holds a control character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
			assertNoSecret(t, err, secret)
		})
	}
}
