-- The largest upload the task's chat accepts, as the platform said when the task was asked for (Discord sends
-- attachment_size_limit with each interaction; boosted servers allow more than the 10 MiB default). Kept with the
-- task so that a delivery after a restart still fits the video to that chat's limit. NULL: the adapter's own limit.
ALTER TABLE task ADD COLUMN upload_limit_bytes BIGINT;
