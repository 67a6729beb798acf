-- The language a person chose with /language, over what their platform says (Discord's client locale, Telegram's
-- language_code). One row per person who chose; no row means "follow the platform, then the community's default".
-- The community default itself is a community_setting row (name 'language').
CREATE TABLE user_language (
    user_key   VARCHAR(200) NOT NULL PRIMARY KEY,   -- UserKeyColumn: "discord:123", "telegram:456"
    language   VARCHAR(20)  NOT NULL,               -- a shipped language tag: en, es, pt-BR, ru, zh-CN
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The language of the person who asked for the task, resolved when they asked: what the engine says later (progress,
-- failure, refund, the delivery's caption) is written in it. NULL (tasks from before): English.
ALTER TABLE task ADD COLUMN language VARCHAR(20);
