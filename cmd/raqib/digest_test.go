package main

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/internal/discordtest"
	"github.com/raqib/raqib/storage"
)

// seedTallies stores reports straight into the config's database.
func seedTallies(t *testing.T, dbPath string, reports ...raqib.Report) {
	t.Helper()
	db, err := storage.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i, r := range reports {
		_, err := db.SaveArticle(context.Background(), storage.Save{
			Article: raqib.Article{URL: fmt.Sprintf("https://news.example/%d", i), Source: "news", Fetched: time.Now()},
			Day:     r.Day, Hash: fmt.Sprint(i), Reports: []raqib.Report{r},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestDigestCommand(t *testing.T) {
	dc := discordtest.New(t)
	path := writeConfig(t, fmt.Sprintf("discord:\n  webhook_url: %s\nsources:\n  - name: a\n    url: http://127.0.0.1:1/\n", dc.WebhookURL()))
	db := filepath.Join(filepath.Dir(path), "raqib.db")
	seedTallies(t, db,
		raqib.Report{Site: "ain-al-asad", SiteName: "Ain al-Asad Air Base", Day: "2026-11-27", Attacks: 3},
		raqib.Report{Site: "ain-al-asad", SiteName: "Ain al-Asad Air Base", Day: "2026-11-26", Attacks: 1},
		raqib.Report{Site: "harir", SiteName: "Harir Air Base", Day: "2026-11-20", Attacks: 2},
	)
	code, _, stderr := runMain(t, context.Background(), "", "digest", "-config", path, "-day", "2026-11-27")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	msgs := dc.Messages()
	if len(msgs) != 1 || len(msgs[0].Attachments) != 1 {
		t.Fatalf("%d messages: want one with the chart", len(msgs))
	}
	if !strings.Contains(msgs[0].Content, "Ain al-Asad Air Base  3  (+2)") {
		t.Errorf("content:\n%s", msgs[0].Content)
	}
	if _, err := png.Decode(bytes.NewReader(msgs[0].Attachments[0].Data)); err != nil {
		t.Errorf("chart: %v", err)
	}

	code, _, _ = runMain(t, context.Background(), "", "digest", "-config", path, "-day", "2026-11-29")
	if msgs := dc.Messages(); code != 0 || len(msgs) != 2 || !strings.Contains(msgs[1].Content, "quiet day") || len(msgs[1].Attachments) != 0 {
		t.Errorf("quiet day: exit %d, %+v", code, msgs[len(msgs)-1].Content)
	}

	if code, _, stderr := runMain(t, context.Background(), "", "digest", "-config", path, "-day", "27/11"); code != 2 {
		t.Errorf("bad -day: exit %d, %s", code, stderr)
	}
}

func TestDigestConsole(t *testing.T) {
	path := writeConfig(t, "sources:\n  - name: a\n    url: http://127.0.0.1:1/\n")
	dir := filepath.Dir(path)
	seedTallies(t, filepath.Join(dir, "raqib.db"),
		raqib.Report{Site: "harir", SiteName: "Harir Air Base", Day: "2026-11-27", Attacks: 1})
	code, stdout, stderr := runMain(t, context.Background(), "", "digest", "-config", path, "-day", "2026-11-27")
	if code != 0 || !strings.Contains(stdout, "Harir Air Base  1  (+1)") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "digest-2026-11-27.png"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(data)); err != nil {
		t.Errorf("chart: %v", err)
	}
}
