-- Canary deployment: a candidate served to a stable share of users beside production, judged
-- online against it (deploy-service's canary stage).

-- The canary is the alias 'canary' with the share of users it serves; no row, no canary. Moving it
-- and appending its deployment row are one transaction, like the production alias.
ALTER TABLE model_aliases ADD COLUMN traffic_share double precision
    CHECK (traffic_share IS NULL OR (traffic_share > 0 AND traffic_share < 1));

ALTER TABLE deployments DROP CONSTRAINT deployments_action_check;
ALTER TABLE deployments ADD CONSTRAINT deployments_action_check
    CHECK (action IN ('PROMOTE', 'ROLLBACK', 'AUTO_ROLLBACK', 'CANARY_START', 'CANARY_STOP'));

-- What each replica serves as the canary (or refused to), beside its production model.
ALTER TABLE serving_replicas ADD COLUMN canary_model_id varchar(128);
ALTER TABLE serving_replicas ADD COLUMN canary_refused_model_id varchar(128);
ALTER TABLE serving_replicas ADD COLUMN canary_refusal_reason text;

-- Per replica, minute and variant while a canary is served: the judge's guard metrics (error,
-- fallback rate, latency of each arm). service_health keeps the replica's whole traffic.
CREATE TABLE variant_health (
    instance_id     varchar(255)     NOT NULL,
    minute          timestamptz      NOT NULL,
    variant         varchar(16)      NOT NULL CHECK (variant IN ('production', 'canary')),
    model_id        varchar(128)     NOT NULL,
    requests        bigint           NOT NULL,
    errors          bigint           NOT NULL,
    fallbacks       bigint           NOT NULL,
    p99_latency_ms  double precision NOT NULL,
    PRIMARY KEY (instance_id, minute, variant)
);
CREATE INDEX variant_health_minute ON variant_health (minute);
