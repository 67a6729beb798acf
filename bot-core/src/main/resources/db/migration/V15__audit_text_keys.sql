-- Moderation audit rows read in each reader's language (issue 17, part 1): what happened is kept as a bundle key
-- (audit.*) and its arguments, a JSON object of strings, and worded when a moderator reads the row. detail keeps the
-- English wording for whoever reads the table itself. Rows from before have NULL here and show detail as stored.
ALTER TABLE moderation_audit ADD COLUMN text_key VARCHAR(100);
ALTER TABLE moderation_audit ADD COLUMN text_args VARCHAR(2000);
