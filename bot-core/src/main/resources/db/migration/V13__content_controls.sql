-- Content controls per community (issue 17, part 3).
-- The words and patterns its moderators do not allow in prompts (BlockedWords), one row per entry as normalized by
-- WordPattern: lower case, words separated by one space, '*' standing for any letters within a word.
CREATE TABLE community_blocked_word (
    community_id VARCHAR(100) NOT NULL,
    pattern      VARCHAR(100) NOT NULL,
    added_by     VARCHAR(200) NOT NULL,
    added_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (community_id, pattern)
);

-- Who reported which video: one report per person per video. The rows go with the task when the retention sweep
-- removes it.
CREATE TABLE task_report (
    task_id    VARCHAR(16)  NOT NULL REFERENCES task (id) ON DELETE CASCADE,
    reporter   VARCHAR(200) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (task_id, reporter)
);

-- A posted video its requester or a moderator deleted: the messages are gone and /history no longer offers the file.
ALTER TABLE task ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE task ADD COLUMN deleted_by VARCHAR(200);
