-- Articles raqib has read. The body is kept for re-extraction and pruned
-- after the retention period; the row itself stays so that reports keep
-- their source.
CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    url          TEXT    NOT NULL UNIQUE,
    source       TEXT    NOT NULL,
    title        TEXT    NOT NULL DEFAULT '',
    published    TEXT,                 -- RFC 3339 UTC; NULL when the page gives none
    fetched      TEXT    NOT NULL,     -- RFC 3339 UTC
    day          TEXT    NOT NULL,     -- YYYY-MM-DD in the configured time zone
    content_hash TEXT    NOT NULL,     -- SHA-256 of the article text
    body         TEXT                  -- NULL once pruned
);
CREATE INDEX articles_fetched ON articles (fetched);

-- One article saying that a site was attacked N times on a day.
CREATE TABLE reports (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    site       TEXT    NOT NULL,
    day        TEXT    NOT NULL,
    attacks    INTEGER NOT NULL CHECK (attacks > 0),
    exact      INTEGER NOT NULL DEFAULT 0,
    evidence   TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (article_id, site)
);
CREATE INDEX reports_site_day ON reports (site, day);

-- The tally of (site, day): the largest count any report has stated. It only
-- ever rises, so that nothing once alerted is alerted again.
CREATE TABLE tallies (
    site       TEXT    NOT NULL,
    day        TEXT    NOT NULL,
    attacks    INTEGER NOT NULL CHECK (attacks > 0),
    article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    updated    TEXT    NOT NULL,
    PRIMARY KEY (site, day)
);

-- The alert outbox: written in the same transaction as the tally rise that
-- causes it, delivered by the dispatcher, marked sent only once Discord has
-- accepted the message.
CREATE TABLE alerts (
    id         INTEGER PRIMARY KEY,
    site       TEXT    NOT NULL,
    site_name  TEXT    NOT NULL,
    urgent     INTEGER NOT NULL DEFAULT 0,
    day        TEXT    NOT NULL,
    attacks    INTEGER NOT NULL,
    previous   INTEGER NOT NULL,
    exact      INTEGER NOT NULL DEFAULT 0,
    url        TEXT    NOT NULL,
    title      TEXT    NOT NULL DEFAULT '',
    source     TEXT    NOT NULL DEFAULT '',
    evidence   TEXT    NOT NULL DEFAULT '',
    created    TEXT    NOT NULL,
    state      TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT    NOT NULL DEFAULT '',
    message_id TEXT    NOT NULL DEFAULT '',
    sent       TEXT,
    UNIQUE (site, day, attacks)
);
CREATE INDEX alerts_pending ON alerts (urgent DESC, id) WHERE state = 'pending';
