-- Routes (issue #13): an alert goes to the default route (the discord:
-- block, or the console) and to every route of routes: whose filter keeps
-- it, once to each. Each (alert, route) is a delivery of its own, written
-- in the transaction that queues the alert, with the bookkeeping that was
-- the alert's until now: its state, attempts, the message it went out in
-- (batch, batch_pos, before it goes; message_id and channel, once taken).
-- One route down or rate limited leaves the others' deliveries alone.
CREATE TABLE deliveries (
    alert_id   INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    route      TEXT    NOT NULL,     -- 'default', or the name of a route of routes:
    state      TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT    NOT NULL DEFAULT '',
    channel    TEXT    NOT NULL DEFAULT '',
    message_id TEXT    NOT NULL DEFAULT '',
    sent       TEXT,
    batch      INTEGER NOT NULL DEFAULT 0,
    batch_pos  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (alert_id, route)
) WITHOUT ROWID;
CREATE INDEX deliveries_pending ON deliveries (route, alert_id) WHERE state = 'pending';
CREATE INDEX deliveries_message ON deliveries (route, message_id) WHERE message_id != '';

-- Every alert so far went to the one destination there was: the default
-- route's.
INSERT INTO deliveries (alert_id, route, state, attempts, last_error, channel, message_id, sent, batch, batch_pos)
    SELECT id, 'default', state, attempts, last_error, channel, message_id, sent, batch, batch_pos FROM alerts;
DROP INDEX alerts_pending;
DROP INDEX alerts_message;
ALTER TABLE alerts DROP COLUMN state;
ALTER TABLE alerts DROP COLUMN attempts;
ALTER TABLE alerts DROP COLUMN last_error;
ALTER TABLE alerts DROP COLUMN channel;
ALTER TABLE alerts DROP COLUMN message_id;
ALTER TABLE alerts DROP COLUMN sent;
ALTER TABLE alerts DROP COLUMN batch;
ALTER TABLE alerts DROP COLUMN batch_pos;

-- Corroborations are shown by editing the message each route received, so
-- whether one is shown (edited) or was given up on (failed) is per route.
-- A corroboration without a row for a route is pending there.
CREATE TABLE corroboration_edits (
    corroboration_id INTEGER NOT NULL REFERENCES corroborations (id) ON DELETE CASCADE,
    route            TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('edited', 'failed')),
    last_error       TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (corroboration_id, route)
) WITHOUT ROWID;
INSERT INTO corroboration_edits (corroboration_id, route, state, last_error)
    SELECT id, 'default', state, last_error FROM corroborations WHERE state != 'pending';
DROP INDEX corroborations_pending;
ALTER TABLE corroborations DROP COLUMN state;
ALTER TABLE corroborations DROP COLUMN attempts;
ALTER TABLE corroborations DROP COLUMN last_error;
