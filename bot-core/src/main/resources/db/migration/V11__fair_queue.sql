-- The durable fair queue in front of Seedance (engine.queue). A task waits in state RECEIVED with queue_order set
-- (its place in its user's lane: the intake time in microseconds, kept when the provider pushes it back, so it is
-- the head of its lane again) and no lease; any instance may dispatch it. queue_order NULL on a RECEIVED task means
-- it was stored but not yet charged (a crash in between), which recovery settles.
ALTER TABLE task ADD COLUMN queue_order BIGINT;
-- The last position and estimated wait shown to the user (QueuePositions); NULL while not queued.
ALTER TABLE task ADD COLUMN queue_position INTEGER;
ALTER TABLE task ADD COLUMN queue_wait_seconds BIGINT;
CREATE INDEX task_queue ON task (state, queue_order);

-- One row every dispatcher locks (SELECT ... FOR UPDATE) while it counts the tasks in flight and claims queued ones,
-- so the cap holds across instances. effective_cap is the cap lowered by provider push-back (AIMD); hold_until
-- holds all dispatch after a push-back (backoff) or while paused (out of balance); virtual_time is the start tag of
-- the last community served (start-time fair queuing).
CREATE TABLE queue_gate (
    id            INTEGER          NOT NULL PRIMARY KEY,
    effective_cap DOUBLE PRECISION NOT NULL,
    hold_until    TIMESTAMP WITH TIME ZONE,
    paused        BOOLEAN          NOT NULL DEFAULT FALSE,
    pushbacks     INTEGER          NOT NULL DEFAULT 0,
    virtual_time  DOUBLE PRECISION NOT NULL DEFAULT 0
);
INSERT INTO queue_gate (id, effective_cap, paused, pushbacks, virtual_time) VALUES (1, -1, FALSE, 0, 0);

-- The fair-queuing finish tags of lanes that have queued tasks: a community's (user_key '') and each of its users'.
-- inner_time (community rows only) is the start tag of the community's last user served. A lane's row is deleted
-- when it empties; a lane that comes back starts at the current virtual time, as an idle flow does in SFQ.
CREATE TABLE queue_lane (
    community_key VARCHAR(100)     NOT NULL,
    user_key      VARCHAR(100)     NOT NULL,
    finish_time   DOUBLE PRECISION NOT NULL,
    inner_time    DOUBLE PRECISION NOT NULL DEFAULT 0,
    PRIMARY KEY (community_key, user_key)
);
