-- The retention sweep (RetentionSweeper) deletes finished tasks by the time they finished; this index keeps each
-- sweep from reading the whole table. Every finished task has finished_at; the update covers rows that might not.
UPDATE task SET finished_at = updated_at
    WHERE finished_at IS NULL AND state IN ('DELIVERED', 'FAILED', 'CANCELLED');

CREATE INDEX task_finished ON task (finished_at);
