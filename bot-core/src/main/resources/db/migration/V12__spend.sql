-- Spend in money. completion_tokens is what the provider billed for a task (usage.completion_tokens of the SUCCESS
-- poll); NULL for tasks that did not succeed, finished before this migration, or whose answer did not say. Money is
-- tokens x the configured price, computed when read (see core.spend.SpendLedger); reads go by finished_at, which
-- V8 indexed.
ALTER TABLE task ADD COLUMN completion_tokens BIGINT;

-- The operator alerts that must fire at most once: one row per (kind, local day), so the daily-spend alert is sent
-- once per day however often it is checked, on however many instances, across restarts.
CREATE TABLE operator_alert (
    kind       VARCHAR(40) NOT NULL,
    alert_day  DATE        NOT NULL,
    detail     VARCHAR(500) NOT NULL,
    sent_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (kind, alert_day)
);
