// Command ceiling is the bare program raqib's speed is measured against: it
// only fetches a listing and its article pages with Colly, parses each page
// with goquery, and inserts each article (URL, title, text) into SQLite, one
// transaction per 100 rows. No extraction, no tallies, no alerts: what is
// left when everything raqib adds is taken away.
//
//	go run ./bench/ceiling -url http://127.0.0.1:PORT/news/ -parallelism 4 -db /tmp/ceiling.db
//
// It uses Colly the common way, one Async Visit per link under a LimitRule
// of the same parallelism as raqib's, and prints the articles stored and
// their rate.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gocolly/colly/v2"
	_ "modernc.org/sqlite"
)

type row struct{ url, title, text string }

func main() {
	listing := flag.String("url", "", "listing page URL")
	links := flag.String("links", "a.headline", "CSS selector of article links on the listing")
	parallelism := flag.Int("parallelism", 4, "requests in flight at once")
	dbPath := flag.String("db", "ceiling.db", "SQLite file (replaced)")
	flag.Parse()
	if *listing == "" {
		log.Fatal("ceiling: -url is required")
	}
	start := time.Now()
	n, err := run(*listing, *links, *parallelism, *dbPath)
	if err != nil {
		log.Fatalf("ceiling: %v", err)
	}
	el := time.Since(start)
	fmt.Printf("ceiling: %d articles in %.2fs: %.0f articles/s\n", n, el.Seconds(), float64(n)/el.Seconds())
}

func run(listing, links string, parallelism int, dbPath string) (int, error) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(dbPath + suffix)
	}
	db, err := sql.Open("sqlite", "file:"+dbPath+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(10000)")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TABLE articles (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE,
		title TEXT NOT NULL, body TEXT NOT NULL, fetched TEXT NOT NULL)`); err != nil {
		return 0, err
	}

	rows := make(chan row, 100)
	done := make(chan error, 1)
	stored := 0
	go func() { done <- write(ctx, db, rows, &stored) }()

	c := colly.NewCollector(colly.Async(true))
	if err := c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: parallelism}); err != nil {
		return 0, err
	}
	c.OnResponse(func(r *colly.Response) {
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(r.Body))
		if err != nil {
			log.Printf("parse %s: %v", r.Request.URL, err)
			return
		}
		if r.Request.URL.String() == listing {
			doc.Find(links).Each(func(_ int, s *goquery.Selection) {
				if href, ok := s.Attr("href"); ok {
					r.Request.Visit(href)
				}
			})
			return
		}
		doc.Find("script, style").Remove()
		text := doc.Find("article").Text()
		if text == "" {
			text = doc.Find("body").Text()
		}
		rows <- row{url: r.Request.URL.String(), title: strings.TrimSpace(doc.Find("title").Text()), text: text}
	})
	c.OnError(func(r *colly.Response, err error) { log.Printf("fetch %s: %v", r.Request.URL, err) })
	if err := c.Visit(listing); err != nil {
		return 0, err
	}
	c.Wait()
	close(rows)
	if err := <-done; err != nil {
		return stored, err
	}
	return stored, nil
}

// write inserts the rows, one transaction per 100.
func write(ctx context.Context, db *sql.DB, rows <-chan row, stored *int) error {
	var tx *sql.Tx
	var stmt *sql.Stmt
	n := 0
	commit := func() error {
		if tx == nil {
			return nil
		}
		err := tx.Commit()
		tx, stmt, n = nil, nil, 0
		return err
	}
	for r := range rows {
		if tx == nil {
			var err error
			if tx, err = db.BeginTx(ctx, nil); err != nil {
				return err
			}
			if stmt, err = tx.PrepareContext(ctx, `INSERT INTO articles (url, title, body, fetched) VALUES (?, ?, ?, ?)
				ON CONFLICT (url) DO UPDATE SET title = excluded.title, body = excluded.body, fetched = excluded.fetched`); err != nil {
				return err
			}
		}
		if _, err := stmt.ExecContext(ctx, r.url, r.title, r.text, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
			return err
		}
		*stored++
		if n++; n == 100 {
			if err := commit(); err != nil {
				return err
			}
		}
	}
	return commit()
}
