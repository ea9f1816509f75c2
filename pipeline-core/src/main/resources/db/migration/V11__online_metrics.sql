-- Online metrics: what serving's answers earned, per day, model and variant (monitor-service's
-- online-metrics stage recomputes the recent days from impressions and events; the dashboard, the
-- Prometheus gauges and the CTR retrain trigger read them).
--
-- An impression here is an answer of the recommend endpoint that showed at least one item (a
-- cold-start fallback of that endpoint included: it is what the model's users saw); similar-items
-- and popular answers carry no user to attribute a click to, so they are not counted. A click,
-- add-to-cart or purchase counts for the impression it is attributed to (same user, item shown,
-- within the attribution window after the answer; see OnlineMetricsStore). The rates are shares of
-- impressions with at least one such event, so each is a proportion (what a two-proportion test
-- compares); the event counts are kept beside them.
CREATE TABLE online_metrics (
    day                   date             NOT NULL,
    model_id              varchar(128)     NOT NULL,
    variant               varchar(16)      NOT NULL CHECK (variant IN ('production', 'canary')),
    impressions           bigint           NOT NULL,
    users                 bigint           NOT NULL,
    clicks                bigint           NOT NULL,
    clicked_impressions   bigint           NOT NULL,
    ctr                   double precision NOT NULL,
    add_to_cart           bigint           NOT NULL,
    carted_impressions    bigint           NOT NULL,
    add_to_cart_rate      double precision NOT NULL,
    purchases             bigint           NOT NULL,
    purchased_impressions bigint           NOT NULL,
    purchase_rate         double precision NOT NULL,
    distinct_items        bigint           NOT NULL,
    -- the current data snapshot's item count when the day was computed; null when there was none
    catalogue_size        bigint,
    catalogue_coverage    double precision,
    computed_at           timestamptz      NOT NULL,
    PRIMARY KEY (day, model_id, variant)
);
CREATE INDEX online_metrics_model ON online_metrics (model_id, variant, day);

-- The seed's CTR trigger asks training to retrain too.
ALTER TABLE retrain_requests DROP CONSTRAINT retrain_requests_reason_check;
ALTER TABLE retrain_requests ADD CONSTRAINT retrain_requests_reason_check
    CHECK (reason IN ('DATA_AGE', 'EMBEDDINGS_AGE', 'ONLINE_CTR'));

-- Attribution reads the attributable events of a day window (plus the attribution window) by the
-- time they happened.
CREATE INDEX events_attributable ON events (occurred_at) WHERE type IN ('click', 'add_to_cart', 'purchase');
