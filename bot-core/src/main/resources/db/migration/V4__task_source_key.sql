-- The platform event a task was made from (e.g. "telegram:<chat>:<message>"), so that an event delivered again after
-- a restart (Telegram re-sends updates whose offset was not confirmed) finds its task instead of charging twice.
ALTER TABLE task ADD COLUMN source_key VARCHAR(200);
CREATE UNIQUE INDEX task_source_key ON task (source_key);
