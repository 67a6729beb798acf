-- When polls of a task first answered "not found" (TaskNotFoundGrace). Tasks belong to the API key that created
-- them, so rotating the key makes every unfinished task look unknown for a while; a task counts as lost only once it
-- has stayed unknown for seedance.task-not-found-grace. NULL: found at the last poll.
ALTER TABLE task ADD COLUMN not_found_since TIMESTAMP WITH TIME ZONE;
