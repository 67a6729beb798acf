-- Trust boundaries. Until V6 a user's limits, grants, blocks and resets were keyed on the user alone, so a moderator
-- of one community could give anyone credits that worked everywhere, and nothing capped the bot's total spend.
--
-- From here on an allowance belongs to (scope, user), where the scope is the community (Discord server, Telegram
-- group) or 'private' for private chats and the terminal, and the operator's budgets cap every scope and the bot.
--
-- What the old global rows mean after this migration (documented in the README, "Trust and budgets"):
--   * a global block stays a block everywhere (quota_account.blocked, now an operator action);
--   * old per-user limits are dropped: they were set without a community, 0 meant unlimited, and a moderator of any
--     community could have set them; members get their community's limits again;
--   * old grants and resets have no community: they stay in the ledger as history under the scope 'legacy', which
--     no request spends from, so an unspent old grant is not spendable any more (operators re-grant if they wish);
--   * community, role and pool values of 0 set by moderators (unlimited) go back to inheriting the defaults.

CREATE TABLE quota_member (
    scope_id       VARCHAR(100) NOT NULL,
    user_key       VARCHAR(200) NOT NULL,
    daily_limit    BIGINT,
    monthly_limit  BIGINT,
    max_concurrent INTEGER,
    blocked        BOOLEAN      NOT NULL DEFAULT FALSE,
    blocked_reason VARCHAR(500),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (scope_id, user_key)
);

UPDATE quota_account SET daily_limit = NULL, monthly_limit = NULL, max_concurrent = NULL;
UPDATE quota_community SET daily_limit = NULL WHERE daily_limit = 0;
UPDATE quota_community SET monthly_limit = NULL WHERE monthly_limit = 0;
UPDATE quota_community SET max_concurrent = NULL WHERE max_concurrent = 0;
UPDATE quota_community SET daily_pool = NULL WHERE daily_pool = 0;
UPDATE quota_role_limit SET daily_limit = NULL WHERE daily_limit = 0;
UPDATE quota_role_limit SET monthly_limit = NULL WHERE monthly_limit = 0;
UPDATE quota_role_limit SET max_concurrent = NULL WHERE max_concurrent = 0;

ALTER TABLE quota_ledger ADD COLUMN scope_id VARCHAR(100);
-- bonus rows belong with the old grants they spent or gave back: all history, none of them counts any more
UPDATE quota_ledger SET scope_id = CASE WHEN bucket = 'BONUS' OR kind NOT IN ('RESERVE', 'REFUND') THEN 'legacy'
        ELSE COALESCE(community_id, 'private') END;
ALTER TABLE quota_ledger ALTER COLUMN scope_id SET NOT NULL;
CREATE INDEX quota_ledger_scope_user ON quota_ledger (scope_id, user_key, window_month);

-- budget_released: the refund gave the credits back to the budgets too (a failure before delivery). A moderator's
-- refund of a delivered video gives the user their credits back, but the operator has paid for it, so it stays spent.
ALTER TABLE quota_charge ADD COLUMN scope_id VARCHAR(100);
ALTER TABLE quota_charge ADD COLUMN budget_released BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE quota_charge SET scope_id = COALESCE(community_id, 'private');
UPDATE quota_charge SET budget_released = TRUE WHERE state = 'REFUNDED';
ALTER TABLE quota_charge ALTER COLUMN scope_id SET NOT NULL;
CREATE INDEX quota_charge_scope_user_state ON quota_charge (scope_id, user_key, state);

-- The operator's ceilings set from chat or the terminal; the configuration file holds the rest. scope_id is a
-- community, 'private', or '*' for the whole bot. NULL = the configuration's value, -1 = no ceiling.
CREATE TABLE budget_ceiling (
    scope_id   VARCHAR(100) PRIMARY KEY,
    daily      BIGINT,
    monthly    BIGINT,
    updated_by VARCHAR(200) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Credits spent per scope and period, kept in the reservation's transaction. A reservation locks its scope's rows
-- and the bot's ('*') with SELECT ... FOR UPDATE, so no two instances can pass a ceiling together, and no usage sum
-- over a day of the whole bot's ledger is needed on the hot path. period: 'D' (starts = the local day) or 'M'
-- (starts = the first of the month).
CREATE TABLE budget_spend (
    scope_id VARCHAR(100) NOT NULL,
    period   CHAR(1)      NOT NULL,
    starts   DATE         NOT NULL,
    credits  BIGINT       NOT NULL,
    PRIMARY KEY (scope_id, period, starts)
);

INSERT INTO budget_spend (scope_id, period, starts, credits)
    SELECT scope_id, 'D', window_day, SUM(credits) FROM quota_charge WHERE NOT budget_released
    GROUP BY scope_id, window_day;
INSERT INTO budget_spend (scope_id, period, starts, credits)
    SELECT '*', 'D', window_day, SUM(credits) FROM quota_charge WHERE NOT budget_released GROUP BY window_day;
INSERT INTO budget_spend (scope_id, period, starts, credits)
    SELECT scope_id, 'M', month_start, SUM(credits)
    FROM (SELECT scope_id, credits, CAST(DATE_TRUNC('MONTH', window_day) AS DATE) AS month_start
          FROM quota_charge WHERE NOT budget_released) m
    GROUP BY scope_id, month_start;
INSERT INTO budget_spend (scope_id, period, starts, credits)
    SELECT '*', 'M', month_start, SUM(credits)
    FROM (SELECT credits, CAST(DATE_TRUNC('MONTH', window_day) AS DATE) AS month_start
          FROM quota_charge WHERE NOT budget_released) m
    GROUP BY month_start;
