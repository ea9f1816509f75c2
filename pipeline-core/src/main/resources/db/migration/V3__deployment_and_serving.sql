-- Deployment: which model version is served (an alias), the history of every alias move, the
-- serving replicas' heartbeats and their per-minute request aggregates.

-- What should be served. Moving an alias and appending to deployments happen in one transaction.
CREATE TABLE model_aliases (
    alias          varchar(64)  PRIMARY KEY,
    model_id       varchar(128) NOT NULL REFERENCES model_versions (id),
    generation     bigint       NOT NULL,
    deployment_id  bigint,
    updated_at     timestamptz  NOT NULL
);

CREATE TABLE deployments (
    id                bigserial    PRIMARY KEY,
    alias             varchar(64)  NOT NULL,
    action            varchar(16)  NOT NULL CHECK (action IN ('PROMOTE', 'ROLLBACK', 'AUTO_ROLLBACK')),
    model_id          varchar(128) NOT NULL REFERENCES model_versions (id),
    previous_model_id varchar(128) REFERENCES model_versions (id),
    status            varchar(16)  NOT NULL CHECK (status IN ('VERIFYING', 'SUCCEEDED', 'PENDING', 'FAILED', 'ROLLED_BACK')),
    trigger           varchar(16)  NOT NULL,
    run_id            uuid,
    git_commit        varchar(64),
    verification      jsonb,
    message           text,
    started_at        timestamptz  NOT NULL,
    finished_at       timestamptz
);
CREATE INDEX deployments_alias_started ON deployments (alias, started_at DESC, id DESC);

-- One row per serving replica, refreshed by its heartbeat.
CREATE TABLE serving_replicas (
    instance_id       varchar(255) PRIMARY KEY,
    base_url          text         NOT NULL,
    model_id          varchar(128),
    model_sha256      char(64),
    model_loaded_at   timestamptz,
    refused_model_id  varchar(128),
    refusal_reason    text,
    started_at        timestamptz  NOT NULL,
    last_seen         timestamptz  NOT NULL
);

-- Per replica and minute, so health checks work without Prometheus (the seed's service_health).
CREATE TABLE service_health (
    instance_id     varchar(255)     NOT NULL,
    minute          timestamptz      NOT NULL,
    requests        bigint           NOT NULL,
    errors          bigint           NOT NULL,
    fallbacks       bigint           NOT NULL,
    avg_latency_ms  double precision NOT NULL,
    max_latency_ms  double precision NOT NULL,
    p95_latency_ms  double precision NOT NULL,
    error_rate      double precision NOT NULL,
    fallback_rate   double precision NOT NULL,
    model_id        varchar(128),
    PRIMARY KEY (instance_id, minute)
);
CREATE INDEX service_health_minute ON service_health (minute DESC);
