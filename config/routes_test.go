package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/raqib/raqib"
)

var routeVars = map[string]string{
	"DISCORD_WEBHOOK_URL": "https://discord.com/api/webhooks/1/SECRET-default",
	"IRAQ_DESK_WEBHOOK":   "https://discord.com/api/webhooks/2/SECRET-iraq",
	"SYRIA_DESK_WEBHOOK":  "https://discord.com/api/webhooks/3/SECRET-syria",
	"SECURITY_WEBHOOK":    "https://discord.com/api/webhooks/4/SECRET-security",
}

func TestRoutes(t *testing.T) {
	c, err := parseFile(t, filepath.Join("testdata", "valid-routes.yaml"), routeVars)
	if err != nil {
		t.Fatal(err)
	}
	want := []Route{
		{Name: "iraq-desk", WebhookURL: routeVars["IRAQ_DESK_WEBHOOK"], Countries: []string{"IQ"}, Digest: true},
		{Name: "syria-desk", WebhookURL: routeVars["SYRIA_DESK_WEBHOOK"], RoleID: "222", Countries: []string{"SY"}, MinAttacks: 2},
		{Name: "security", WebhookURL: routeVars["SECURITY_WEBHOOK"] + "?thread_id=42", RoleID: "333",
			Sites: []string{"us-embassy-baghdad", "us-consulate-erbil", "erbil-airbase", "camp-example"}, Kinds: []string{"embassy"}},
	}
	if !reflect.DeepEqual(c.Routes, want) {
		t.Errorf("routes:\n got %#v\nwant %#v", c.Routes, want)
	}
	if r, ok := c.Route("syria-desk"); !ok || r.Mode() != ModeWebhook || r.RoleID != "222" {
		t.Errorf("Route(syria-desk) = %v, %v", r, ok)
	}
	if _, ok := c.Route(raqib.DefaultRoute); ok {
		t.Errorf("Route(%q) found: the default route is the discord: block", raqib.DefaultRoute)
	}
	if got := c.Line("routes[2].sites"); got != 18 {
		t.Errorf("Line(routes[2].sites) = %d, want 18", got)
	}

	// The filters, on sites of each country and kind.
	embassy := raqib.Site{ID: "us-embassy-baghdad", Kind: raqib.KindEmbassy, Country: "IQ"}
	consulate := raqib.Site{ID: "us-consulate-erbil", Kind: raqib.KindConsulate, Country: "IQ"}
	tanf := raqib.Site{ID: "al-tanf", Kind: raqib.KindBase, Country: "SY"}
	tower := raqib.Site{ID: "tower-22", Kind: raqib.KindBase, Country: "JO"}
	for _, tc := range []struct {
		route   string
		site    raqib.Site
		attacks int
		want    bool
	}{
		{"iraq-desk", embassy, 1, true},
		{"iraq-desk", tanf, 5, false},
		{"iraq-desk", tower, 1, false},
		{"syria-desk", tanf, 1, false}, // below min_attacks
		{"syria-desk", tanf, 2, true},
		{"syria-desk", embassy, 9, false},
		{"security", embassy, 1, true},
		{"security", consulate, 1, false}, // a listed site, but not of kind embassy: AND
		{"security", tanf, 1, false},
	} {
		r, _ := c.Route(tc.route)
		if got := r.Filter().Keeps(tc.site, tc.attacks); got != tc.want {
			t.Errorf("%s keeps %s with %d attacks: %v, want %v", tc.route, tc.site.ID, tc.attacks, got, tc.want)
		}
	}
}

// A route's webhook URL is a secret, as the discord: block's is.
func TestRouteRedaction(t *testing.T) {
	c, err := parseFile(t, filepath.Join("testdata", "valid-routes.yaml"), routeVars)
	if err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("loaded", "config", c, "route", c.Routes[0])
	slog.New(slog.NewTextHandler(&logged, nil)).Info("loaded", "config", c, "route", c.Routes[0])
	js, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	for how, s := range map[string]string{
		"%v": fmt.Sprintf("%v", c), "%+v": fmt.Sprintf("%+v", c), "%#v": fmt.Sprintf("%#v", c),
		"%v routes": fmt.Sprintf("%v", c.Routes), "%#v route": fmt.Sprintf("%#v", c.Routes[1]),
		"slog": logged.String(), "json": string(js),
	} {
		if strings.Contains(s, "SECRET") {
			t.Errorf("%s shows a secret: %s", how, s)
		}
		if !strings.Contains(s, "redacted") {
			t.Errorf("%s does not say %s: %s", how, redacted, s)
		}
	}

	// A route's webhook pasted under another key is not quoted either.
	yaml := "routes:\n  - name: a\n    webhook_url: ${HOOK}\n    role_id: ${HOOK}\n    countries: [\"${HOOK}\"]\n" +
		"sources:\n  - name: a\n    url: https://example.com/\n"
	_, err = Parse([]byte(yaml), "", env(map[string]string{"HOOK": "https://discord.com/api/webhooks/9/SECRET-pasted"}))
	if err == nil {
		t.Fatal("no error")
	}
	if strings.Contains(err.Error(), "SECRET") {
		t.Errorf("the errors show a secret:\n%v", err)
	}
}

// Configs without routes: are unchanged by them, and a route without a
// filter keeps every alert.
func TestRouteDefaults(t *testing.T) {
	c, err := Parse([]byte("sources:\n  - name: a\n    url: https://example.com/\n"), "", nil)
	if err != nil || len(c.Routes) != 0 {
		t.Fatalf("no routes: %v, %v", c, err)
	}
	c, err = Parse([]byte("routes:\n  - name: all\n    webhook_url: https://discord.com/api/webhooks/2/x\n"+
		"sources:\n  - name: a\n    url: https://example.com/\n"), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	f := c.Routes[0].Filter()
	for _, s := range []raqib.Site{{ID: "al-tanf", Kind: "base", Country: "SY"}, {ID: "x", Kind: "embassy", Country: "IQ"}} {
		if !f.Keeps(s, 1) {
			t.Errorf("a route without a filter does not keep %v", s)
		}
	}
	if c.Discord.Mode() != ModeConsole || c.Routes[0].Mode() != ModeWebhook {
		t.Errorf("modes: discord %q, route %q", c.Discord.Mode(), c.Routes[0].Mode())
	}
}

// Under routes:, as under discord:, a variable that is unset or empty is
// an error naming it and the key: a desk must never lose its alerts
// silently because its webhook's variable went missing.
func TestRouteUnsetVariable(t *testing.T) {
	yaml := "routes:\n  - name: syria-desk\n    webhook_url: ${SYRIA_DESK_WEBHOOK}\n    role_id: ${SYRIA_ROLE}\n" +
		"sources:\n  - name: a\n    url: https://example.com/\n"
	for _, tc := range []struct {
		vars map[string]string
		want []string
	}{
		{nil, []string{"routes[0].webhook_url (line 3): environment variable SYRIA_DESK_WEBHOOK is not set", "routes[0].role_id (line 4): environment variable SYRIA_ROLE is not set"}},
		{map[string]string{"SYRIA_DESK_WEBHOOK": "", "SYRIA_ROLE": "1"}, []string{"routes[0].webhook_url (line 3): environment variable SYRIA_DESK_WEBHOOK is set but empty"}},
	} {
		_, err := Parse([]byte(yaml), "", env(tc.vars))
		if err == nil {
			t.Errorf("%v: no error", tc.vars)
			continue
		}
		lines := strings.Split(err.Error(), "\n")
		if len(lines) != len(tc.want) {
			t.Errorf("%v: errors\n%v\nwant %d", tc.vars, err, len(tc.want))
			continue
		}
		for i, want := range tc.want {
			if !strings.HasPrefix(lines[i], want) {
				t.Errorf("%v: error %q, want it to start %q", tc.vars, lines[i], want)
			}
		}
	}
}
