-- The day model (issue #11): a report is one article's attacks on a site on
-- one day, the day the text gives them (else the article's own day), and an
-- article may report a site on several days. Tallies were already kept per
-- (site, day); until now that day was always the article's, which is what
-- the rows written before this migration keep.

-- Reports: keyed by the attack's day as well.
CREATE TABLE reports_by_day (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    site       TEXT    NOT NULL,
    day        TEXT    NOT NULL,     -- YYYY-MM-DD: the day of the attacks
    attacks    INTEGER NOT NULL CHECK (attacks > 0),
    exact      INTEGER NOT NULL DEFAULT 0,
    evidence   TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (article_id, site, day)
);
INSERT INTO reports_by_day (article_id, site, day, attacks, exact, evidence)
    SELECT article_id, site, day, attacks, exact, evidence FROM reports;
DROP TABLE reports;
ALTER TABLE reports_by_day RENAME TO reports;
CREATE INDEX reports_site_day ON reports (site, day);

-- Running totals: a cumulative figure an article states for a site ("23
-- attacks on Al-Omar since 1 December"). Context for alerts and the digest,
-- never a tally. day is the article's own day; since is "" when the text
-- gives no start.
CREATE TABLE running_totals (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    site       TEXT    NOT NULL,
    day        TEXT    NOT NULL,
    attacks    INTEGER NOT NULL CHECK (attacks > 0),
    since      TEXT    NOT NULL DEFAULT '',
    exact      INTEGER NOT NULL DEFAULT 0,
    evidence   TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (article_id, site)
);
CREATE INDEX running_totals_site_day ON running_totals (site, day);

-- An alert's context: the day of the article that raised the tally (the
-- alerts written so far were all about the article's own day) and the
-- site's running total when one was known (total_attacks 0: none).
ALTER TABLE alerts ADD COLUMN reported TEXT NOT NULL DEFAULT '';
UPDATE alerts SET reported = day;
ALTER TABLE alerts ADD COLUMN total_attacks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN total_since TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN total_exact INTEGER NOT NULL DEFAULT 0;
