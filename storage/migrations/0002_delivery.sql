-- Delivery bookkeeping of the alert outbox.
--
-- batch and batch_pos record the message an alert was last sent in (or is
-- being sent in): the id of the message's first alert and the alert's place
-- in it. They are written before the message goes out, so that after a crash
-- or a failed attempt the dispatcher sends exactly the same message again
-- (in bot mode with the same nonce, which Discord answers with the message
-- it already posted), and so that an edit of a sent message rebuilds its
-- embeds in their order.
ALTER TABLE alerts ADD COLUMN batch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN batch_pos INTEGER NOT NULL DEFAULT 0;
CREATE INDEX alerts_message ON alerts (message_id) WHERE message_id != '';

-- Corroborations: another outlet reporting a tally already alerted, at the
-- same count. The alert's message is edited to add "also reported by" with
-- their links instead of a new message being posted. One row per outlet.
CREATE TABLE corroborations (
    id         INTEGER PRIMARY KEY,
    alert_id   INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    source     TEXT    NOT NULL,
    url        TEXT    NOT NULL,
    title      TEXT    NOT NULL DEFAULT '',
    created    TEXT    NOT NULL,
    state      TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'edited', 'failed')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT    NOT NULL DEFAULT '',
    UNIQUE (alert_id, source)
);
CREATE INDEX corroborations_pending ON corroborations (alert_id) WHERE state = 'pending';
