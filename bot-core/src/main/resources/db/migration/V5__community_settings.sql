-- Per-community settings that moderators change from chat: whether videos are on, default options, ceilings, the
-- channels or topics where /video works and the extra moderator roles. One row per set value; a missing row means
-- "inherit the operator's configuration". Names and value formats are those of CommunitySetting (lists are
-- comma-separated ids). Who changed what is in moderation_audit.
CREATE TABLE community_setting (
    community_id VARCHAR(100)  NOT NULL,
    name         VARCHAR(40)   NOT NULL,
    setting      VARCHAR(2000) NOT NULL,               -- the value; "value" is a reserved word in H2
    updated_by   VARCHAR(200)  NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (community_id, name)
);
