-- Generation tasks. Every state change is written here before the external call that follows it
-- (see TaskState), so a restart can resume or settle each task without guessing.
CREATE TABLE task (
    id                   VARCHAR(16)   NOT NULL PRIMARY KEY,
    parent_id            VARCHAR(16),
    platform             VARCHAR(16)   NOT NULL,
    user_id              VARCHAR(64)   NOT NULL,
    community_id         VARCHAR(64),
    chat_id              VARCHAR(64)   NOT NULL,
    thread_id            VARCHAR(64),
    reply_to_message_id  VARCHAR(64),
    role_ids             VARCHAR(2000) NOT NULL,
    state                VARCHAR(16)   NOT NULL,
    mode                 VARCHAR(24)   NOT NULL,
    intent               VARCHAR(16)   NOT NULL,
    prompt               VARCHAR(20000) NOT NULL,
    options_json         VARCHAR(1000) NOT NULL,
    media_json           VARCHAR(20000) NOT NULL,
    cost                 BIGINT        NOT NULL,
    provider_task_id     VARCHAR(128),
    provider_state       VARCHAR(32),
    progress             INTEGER       NOT NULL DEFAULT 0,
    poll_count           INTEGER       NOT NULL DEFAULT 0,
    next_poll_at         TIMESTAMP WITH TIME ZONE,
    slow_notice_sent     BOOLEAN       NOT NULL DEFAULT FALSE,
    result_url           VARCHAR(4000),
    result_bytes         BIGINT        NOT NULL DEFAULT 0,
    delivery_attempts    INTEGER       NOT NULL DEFAULT 0,
    progress_message_id  VARCHAR(64),
    delivered_message_id VARCHAR(64),
    error_kind           VARCHAR(32),
    error_message        VARCHAR(2000),
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    submitted_at         TIMESTAMP WITH TIME ZONE,
    finished_at          TIMESTAMP WITH TIME ZONE,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX task_due ON task (state, next_poll_at);
CREATE INDEX task_user ON task (platform, user_id, created_at);
