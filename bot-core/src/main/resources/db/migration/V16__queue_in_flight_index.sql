-- The queue counts its claimed tasks (RECEIVED, queued, lease still running) on every dispatch. Without this index
-- that count read every row of the task table, waiting and finished ones included: with a backlog of 2,500 it was
-- most of the dispatcher's CPU, taken from acknowledging commands during a burst (issue 16 part 5).
CREATE INDEX task_state_lease ON task (state, lease_until);
