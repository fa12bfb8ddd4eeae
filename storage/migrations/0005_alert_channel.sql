-- The destination that accepted each sent alert: the notifier's name,
-- "console" (printed on stdout, when no Discord is configured),
-- "discord-webhook" or "discord-bot". An alert printed on the console was
-- delivered there: a later switch to Discord does not post it again, and
-- the alerts still pending at the switch go to Discord. Corroboration edits
-- go only to messages of the destination in use, so that a message waits
-- for the destination that can edit it (a bot cannot edit a webhook's
-- message, and the console edits nothing).
--
-- Alerts sent before this column: those without a message id went to the
-- console; those with one went to Discord in a mode not recorded, left ''
-- (edited by either Discord mode, as before).
ALTER TABLE alerts ADD COLUMN channel TEXT NOT NULL DEFAULT '';
UPDATE alerts SET channel = 'console' WHERE state = 'sent' AND message_id = '';
