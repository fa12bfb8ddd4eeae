package main

import (
	"context"
	"strings"
	"testing"
)

// `raqib validate` checks each route's destination as the Discord
// notifier would take it, naming the route's key and line, and lists the
// routes of a valid config.
func TestValidateRoutes(t *testing.T) {
	t.Setenv("RAQIB_TEST_IRAQ", "https://discord.com/api/webhooks/2/iraq-t0ken")
	t.Setenv("RAQIB_TEST_SYRIA", "https://example.com/hooks/s3cr3t-t0ken")
	const head = "discord:\n  webhook_url: https://discord.com/api/webhooks/1/default-t0ken\nroutes:\n" +
		"  - name: iraq-desk\n    webhook_url: ${RAQIB_TEST_IRAQ}\n    countries: [IQ]\n"
	const tail = "sources:\n  - name: a\n    url: https://example.com/\n"

	path := writeConfig(t, head+"  - name: syria-desk\n    webhook_url: ${RAQIB_TEST_SYRIA}\n    role_id: \"1\"\n"+tail)
	code, _, stderr := runMain(t, context.Background(), "", "validate", "-config", path)
	want := path + ": routes[1].webhook_url (line 8): must look like https://discord.com/api/webhooks/ID/TOKEN\n"
	if code != 1 || stderr != want {
		t.Errorf("exit %d, stderr:\n%s\nwant 1 and:\n%s", code, stderr, want)
	}
	if strings.Contains(stderr, "s3cr3t") {
		t.Errorf("the secret is printed:\n%s", stderr)
	}

	path = writeConfig(t, head+tail)
	code, stdout, stderr := runMain(t, context.Background(), "", "validate", "-config", path)
	if code != 0 || !strings.Contains(stdout, "discord webhook, routes: iraq-desk (webhook)") {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
}
