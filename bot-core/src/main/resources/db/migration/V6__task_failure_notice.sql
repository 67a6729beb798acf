-- A failed task's notice is posted after the FAILED state is committed; a crash in between must not leave the user
-- unaware that the task ended and was refunded. The FAILED transition sets this flag (and keeps the task's lease),
-- posting the notice clears it (and releases the lease); a restart, or another instance once the lease lapses,
-- posts the notices still pending.
ALTER TABLE task ADD COLUMN failure_notice_pending BOOLEAN DEFAULT FALSE NOT NULL;
