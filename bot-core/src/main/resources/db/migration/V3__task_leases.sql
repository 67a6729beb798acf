-- Row leases, so that several bot instances can share one PostgreSQL. The instance working on a task (create call,
-- poll, download, post) holds its lease: lease_owner is its instance id, lease_until the database time at which the
-- lease lapses unless renewed. Instances claim due or stranded tasks with SELECT ... FOR UPDATE SKIP LOCKED and set
-- the lease in the same short transaction; every state change checks that the lease is still theirs. A task waiting
-- for its next poll holds no lease, so any instance may poll it. When an instance dies, its leases lapse and the
-- others take its tasks over. On H2 (one instance) the columns are kept the same way.
ALTER TABLE task ADD COLUMN lease_owner VARCHAR(64);
ALTER TABLE task ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;

CREATE INDEX task_lease_owner ON task (lease_owner);
