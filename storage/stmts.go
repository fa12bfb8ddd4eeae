package storage

import (
	"context"
	"database/sql"
	"fmt"
)

// stmts are the statements a pass runs for every article, prepared once per
// DB. The DB has one connection, on which each is prepared once; a
// transaction takes them with tx.StmtContext, which reuses the statement
// prepared on the transaction's connection instead of parsing the SQL again.
type stmts struct {
	articleHash *sql.Stmt
	validator   *sql.Stmt

	saveArticle   *sql.Stmt
	deleteReports *sql.Stmt
	saveReport    *sql.Stmt
	tally         *sql.Stmt
	raiseTally    *sql.Stmt
	queueAlert    *sql.Stmt
	queueDelivery *sql.Stmt
	alertOf       *sql.Stmt
	corroborate   *sql.Stmt
	deleteTotals  *sql.Stmt
	saveTotal     *sql.Stmt
	latestTotal   *sql.Stmt
}

func (db *DB) prepare(ctx context.Context) error {
	s := &db.stmts
	for _, p := range []struct {
		dst *(*sql.Stmt)
		sql string
	}{
		{&s.articleHash, `SELECT content_hash FROM articles WHERE url = ?`},
		{&s.validator, `SELECT etag, last_modified FROM http_cache WHERE url = ?`},
		{&s.saveArticle, `
		INSERT INTO articles (url, source, title, published, fetched, day, content_hash, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET
			source = excluded.source, title = excluded.title, published = excluded.published,
			fetched = excluded.fetched, day = excluded.day,
			content_hash = excluded.content_hash, body = excluded.body
		RETURNING id`},
		{&s.deleteReports, `DELETE FROM reports WHERE article_id = ?`},
		{&s.saveReport, `
			INSERT INTO reports (article_id, site, day, attacks, exact, evidence) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (article_id, site, day) DO UPDATE SET attacks = max(attacks, excluded.attacks)`},
		{&s.tally, `SELECT attacks FROM tallies WHERE site = ? AND day = ?`},
		{&s.raiseTally, `
			INSERT INTO tallies (site, day, attacks, article_id, updated) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (site, day) DO UPDATE SET
				attacks = excluded.attacks, article_id = excluded.article_id, updated = excluded.updated`},
		{&s.queueAlert, `
			INSERT INTO alerts (site, site_name, urgent, day, attacks, previous, exact, url, title, source, evidence, created,
				reported, total_attacks, total_since, total_exact)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (site, day, attacks) DO NOTHING`},
		{&s.queueDelivery, `INSERT INTO deliveries (alert_id, route) VALUES (?, ?) ON CONFLICT (alert_id, route) DO NOTHING`},
		{&s.alertOf, `SELECT id, source, url FROM alerts WHERE site = ? AND day = ? AND attacks = ?`},
		{&s.corroborate, `
		INSERT INTO corroborations (alert_id, source, url, title, created) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (alert_id, source) DO NOTHING`},
		{&s.deleteTotals, `DELETE FROM running_totals WHERE article_id = ?`},
		{&s.saveTotal, `
		INSERT INTO running_totals (article_id, site, day, attacks, since, exact, evidence) VALUES (?, ?, ?, ?, ?, ?, ?)`},
		{&s.latestTotal, `
		SELECT t.attacks, t.since, t.exact FROM running_totals t JOIN articles a ON a.id = t.article_id
		WHERE t.site = ? AND t.day >= ? AND t.day <= ? ORDER BY ` + latestTotalOrder + ` LIMIT 1`},
	} {
		st, err := db.db.PrepareContext(ctx, p.sql)
		if err != nil {
			db.closeStmts()
			return fmt.Errorf("prepare: %w", err)
		}
		*p.dst = st
	}
	return nil
}

func (db *DB) closeStmts() {
	s := &db.stmts
	for _, st := range []*sql.Stmt{s.articleHash, s.validator, s.saveArticle, s.deleteReports, s.saveReport,
		s.tally, s.raiseTally, s.queueAlert, s.queueDelivery, s.alertOf, s.corroborate, s.deleteTotals, s.saveTotal, s.latestTotal} {
		if st != nil {
			st.Close() // a closed statement answers an error, as a closed DB does
		}
	}
}
