package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/raqib/raqib"
)

// Save is one article read in a pass and what the extractor found in it.
type Save struct {
	Article raqib.Article
	Day     string // the article's calendar day in the configured time zone
	Hash    string // content hash of Article.Text
	// Reports are the attacks the article gives a day: one per (site, day),
	// Day the day of the attacks ("": the article's Day).
	Reports []raqib.Report
	// Alertable is false for articles older than max_age: their reports still
	// raise tallies, but no alert is queued for news that old.
	Alertable bool
	// Totals are the running totals the article states, by site id:
	// context for alerts and the digest, never a tally.
	Totals map[string]raqib.RunningTotal
	// TotalsFrom is the oldest article day whose running totals are still
	// news (the article's day less max_age): an alert on a site the
	// article gives no total shows the latest of those, if any. "": only
	// the article's own.
	TotalsFrom string
	// Routes returns the routes of routes: that an alert goes to besides
	// the default route, which every alert goes to: one delivery per
	// route is queued with the alert, in its transaction. nil: the default
	// route only.
	Routes func(raqib.Alert) []string
}

// ArticleHash returns the content hash stored for url, and whether the
// article is known at all. A pass skips extraction when the hash is unchanged.
func (db *DB) ArticleHash(ctx context.Context, url string) (string, bool, error) {
	var h string
	err := db.stmts.articleHash.QueryRowContext(ctx, url).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("storage: article hash: %w", err)
	}
	return h, true, nil
}

// SaveArticle records the article and its reports, raises each tally the
// reports exceed and queues one alert per rise, all in one transaction: a
// tally never rises without its alert, and an alert never exists without the
// rise. It returns the alerts queued.
//
// A report at or below the current tally changes nothing: outlets repeat each
// other, so counts are never summed across articles. A site an article no
// longer mentions keeps its tally: nothing already alerted is taken back.
//
// Concurrent calls commit together (group commit): the first caller writes,
// in one short transaction, its article and those of the calls that queued
// up meanwhile, at most maxBatch, and so on until the queue is empty; the
// others wait for their result. Each article is written after the ones
// before it in the transaction, as it would be in a transaction of its own,
// and its tally rises commit together with their alerts. When a batch
// fails, each of its articles is written again in a transaction of its own,
// so that one bad article costs only itself.
func (db *DB) SaveArticle(ctx context.Context, s Save) ([]raqib.Alert, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("storage: save %s: %w", s.Article.URL, err)
	}
	req := &saveReq{ctx: ctx, s: s, done: make(chan struct{})}
	db.wmu.Lock()
	db.queue = append(db.queue, req)
	if db.writing {
		db.wmu.Unlock()
		<-req.done // a batch is short: at most maxBatch articles
		return req.alerts, req.err
	}
	db.writing = true
	defer db.abandon() // only does anything if a batch panicked
	if len(db.queue) == 1 {
		// Alone: yield a few times, so that the goroutines that are
		// runnable, other articles about to be saved among them, run
		// first and join this batch rather than pay a commit each. This
		// costs a writer at most a few scheduling rounds, never a timer.
		db.wmu.Unlock()
		for range 3 {
			runtime.Gosched()
		}
		db.wmu.Lock()
	}
	for len(db.queue) > 0 {
		n := min(len(db.queue), maxBatch)
		batch := append([]*saveReq(nil), db.queue[:n]...)
		db.queue = append(db.queue[:0], db.queue[n:]...)
		db.wmu.Unlock()
		db.saveBatch(batch)
		db.wmu.Lock()
	}
	db.writing = false
	db.wmu.Unlock()
	return req.alerts, req.err
}

// abandon runs when the writer leaves SaveArticle. After a panic in a
// batch (the panic goes on up to the caller, which may recover it), it
// hands the writer's role back and fails the requests still queued, which
// no one would write otherwise: the next SaveArticle must not wait forever.
func (db *DB) abandon() {
	r := recover()
	if r == nil {
		return
	}
	db.wmu.Lock()
	db.writing = false
	queued := db.queue
	db.queue = nil
	db.wmu.Unlock()
	for _, q := range queued {
		q.err = fmt.Errorf("storage: save %s: not written: another save panicked: %v", q.s.Article.URL, r)
		close(q.done)
	}
	panic(r)
}

// maxBatch bounds the articles of one group-commit transaction, and so the
// time other queries wait for the database's one connection.
const maxBatch = 50

// saveReq is one SaveArticle call waiting for its batch.
type saveReq struct {
	ctx    context.Context
	s      Save
	alerts []raqib.Alert
	err    error
	done   chan struct{} // closed once alerts and err are set
}

// saveBatch writes the articles of batch in one transaction and sets each
// request's result. A request whose context has ended is not written.
func (db *DB) saveBatch(batch []*saveReq) {
	defer func() {
		p := recover()
		for _, r := range batch {
			if p != nil && r.err == nil {
				// Whether it was written is unknown: say so rather than
				// report a clean save.
				r.alerts, r.err = nil, fmt.Errorf("storage: save %s: a save in its batch panicked: %v", r.s.Article.URL, p)
			}
			close(r.done)
		}
		if p != nil {
			panic(p)
		}
	}()
	live := make([]*saveReq, 0, len(batch))
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.err = fmt.Errorf("storage: save %s: %w", r.s.Article.URL, err)
			continue
		}
		live = append(live, r)
	}
	switch len(live) {
	case 0:
		return
	case 1:
		live[0].alerts, live[0].err = db.saveOne(live[0].ctx, live[0].s)
		return
	}
	// The batch is bounded and short; it is not cut off halfway because
	// the first caller's context ends while the others' go on.
	ctx := context.WithoutCancel(live[0].ctx)
	err := func() error {
		tx, err := db.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		ts := &txStmts{tx: tx}
		for _, r := range live {
			if r.alerts, err = db.saveArticle(ctx, ts, r.s); err != nil {
				return err
			}
		}
		return tx.Commit()
	}()
	if err != nil {
		for _, r := range live {
			r.alerts, r.err = db.saveOne(r.ctx, r.s)
		}
	}
}

// saveOne writes one article in a transaction of its own.
func (db *DB) saveOne(ctx context.Context, s Save) ([]raqib.Alert, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("storage: save %s: %w", s.Article.URL, err)
	}
	defer tx.Rollback()

	alerts, err := db.saveArticle(ctx, &txStmts{tx: tx}, s)
	if err != nil {
		return nil, fmt.Errorf("storage: save %s: %w", s.Article.URL, err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("storage: save %s: %w", s.Article.URL, err)
	}
	return alerts, nil
}

// txStmts hands out the DB's prepared statements bound to one transaction,
// each bound once.
type txStmts struct {
	tx    *sql.Tx
	bound [][2]*sql.Stmt // DB statement, its transaction-bound form
}

func (t *txStmts) stmt(ctx context.Context, s *sql.Stmt) *sql.Stmt {
	for _, b := range t.bound {
		if b[0] == s {
			return b[1]
		}
	}
	ts := t.tx.StmtContext(ctx, s)
	t.bound = append(t.bound, [2]*sql.Stmt{s, ts})
	return ts
}

func (db *DB) saveArticle(ctx context.Context, tx *txStmts, s Save) ([]raqib.Alert, error) {
	a := s.Article
	now := db.Now()
	var id int64
	err := tx.stmt(ctx, db.stmts.saveArticle).QueryRowContext(ctx,
		a.URL, a.Source, a.Title, nullTime(a.Published), formatTime(a.Fetched), s.Day, s.Hash, a.Text,
	).Scan(&id)
	if err != nil {
		return nil, fmt.Errorf("article: %w", err)
	}
	// The article's latest reading replaces its earlier one.
	if _, err := tx.stmt(ctx, db.stmts.deleteReports).ExecContext(ctx, id); err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	if err := db.saveTotals(ctx, tx, id, s); err != nil {
		return nil, err
	}
	var alerts []raqib.Alert
	for _, r := range s.Reports {
		al, err := db.saveReport(ctx, tx, id, s, r, now)
		if err != nil {
			return nil, err
		}
		if al != nil {
			alerts = append(alerts, *al)
		}
	}
	return alerts, nil
}

// PruneBodies drops the text of articles fetched before cutoff and returns
// how many it dropped. The rows stay: reports, tallies and alert history
// keep pointing at them.
func (db *DB) PruneBodies(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := db.db.ExecContext(ctx, `UPDATE articles SET body = NULL WHERE body IS NOT NULL AND fetched < ?`, formatTime(cutoff))
	if err != nil {
		return 0, fmt.Errorf("storage: prune: %w", err)
	}
	return res.RowsAffected()
}
