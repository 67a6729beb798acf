-- Since when the provider has answered "model not found" with no accepted create in between (engine.queue
-- ModelOutage), shared by every instance. Until now this was a row of operator_alert on a fixed day; it belongs with
-- the rest of the dispatch state on the gate row. A streak in progress is carried over.
ALTER TABLE queue_gate ADD COLUMN model_unavailable_since TIMESTAMP WITH TIME ZONE;
UPDATE queue_gate SET model_unavailable_since = (SELECT MIN(sent_at) FROM operator_alert
    WHERE kind = 'MODEL_UNAVAILABLE_SINCE') WHERE id = 1;
DELETE FROM operator_alert WHERE kind = 'MODEL_UNAVAILABLE_SINCE';
