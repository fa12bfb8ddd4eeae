package discord

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// TestDiscordgoQuirks pins the discordgo v0.29.0 behaviour this package
// works around, so that an upgrade that changes it shows up here.
func TestDiscordgoQuirks(t *testing.T) {
	// MessageAllowedMentions.Parse has no omitempty, but a nil slice still
	// encodes as null: only an empty, non-nil slice gives "parse": [].
	data, _ := json.Marshal(discordgo.MessageAllowedMentions{})
	if !strings.Contains(string(data), `"parse":null`) {
		t.Errorf("zero MessageAllowedMentions encodes as %s", data)
	}
	// MessageSend has no nonce: bot mode sends its own JSON to get one.
	for _, name := range []string{"Nonce", "EnforceNonce"} {
		if _, ok := reflect.TypeOf(discordgo.MessageSend{}).FieldByName(name); ok {
			t.Errorf("discordgo.MessageSend now has %s: bot mode could use ChannelMessageSendComplex", name)
		}
	}
	// The transport rewrites from this base; New must never change it.
	if discordgo.EndpointAPI != "https://discord.com/api/v9/" {
		t.Errorf("discordgo.EndpointAPI = %q", discordgo.EndpointAPI)
	}
	if _, err := New(Config{Token: "t", ChannelID: "1", APIURL: "http://127.0.0.1:1/api/v10"}); err != nil {
		t.Fatal(err)
	}
	if discordgo.EndpointAPI != "https://discord.com/api/v9/" {
		t.Errorf("New changed discordgo.EndpointAPI to %q", discordgo.EndpointAPI)
	}
}
