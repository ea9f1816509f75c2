-- Feedback from serving: what each answer showed (impressions) and what shoppers did (events).

-- One row per answer of serving (personal, similar, popular, fallback). Written in batches off the
-- request thread; items are the shown item ids in rank order (position = array index, 1-based).
CREATE TABLE impressions (
    request_id       varchar(64)  PRIMARY KEY,
    served_at        timestamptz  NOT NULL,
    instance_id      varchar(255) NOT NULL,
    endpoint         varchar(16)  NOT NULL CHECK (endpoint IN ('recommend', 'similar', 'popular')),
    user_id          varchar(128),
    anchor_item_id   varchar(128),
    model_id         varchar(128) NOT NULL,
    variant          varchar(16)  NOT NULL,
    fallback_reason  varchar(32),
    items            text[]       NOT NULL
);
CREATE INDEX impressions_served_at ON impressions (served_at);
CREATE INDEX impressions_user_served ON impressions (user_id, served_at) WHERE user_id IS NOT NULL;

-- Shoppers' events, posted by the shop (POST /api/v1/events). event_id makes a resend a no-op.
-- txid is the inserting transaction: a reader that takes the events of transactions below its
-- snapshot's xmin sees every one of them committed, and a later reader takes the rest, so a
-- watermark on txid hands each event to exactly one data refresh (even across crashes).
CREATE TABLE events (
    event_id     varchar(128)     PRIMARY KEY,
    user_id      varchar(128)     NOT NULL,
    item_id      varchar(128)     NOT NULL,
    type         varchar(16)      NOT NULL CHECK (type IN ('view', 'click', 'add_to_cart', 'purchase', 'rating')),
    value        double precision,
    request_id   varchar(64),
    occurred_at  timestamptz      NOT NULL,
    received_at  timestamptz      NOT NULL DEFAULT now(),
    txid         xid8             NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX events_txid ON events (txid);
CREATE INDEX events_request ON events (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX events_received_at ON events (received_at);

-- Answers a replica could not record as impressions (buffer full, database refused the batch) in
-- the minute: the health check warns on them.
ALTER TABLE service_health ADD COLUMN impressions_dropped bigint NOT NULL DEFAULT 0;
