-- Model registry: every trained model version, its evaluation and its state; per-iteration training metrics.

CREATE TABLE model_versions (
    id               varchar(128) PRIMARY KEY,
    model_type       varchar(16)  NOT NULL CHECK (model_type IN ('ALS', 'BPR')),
    state            varchar(16)  NOT NULL CHECK (state IN ('CANDIDATE', 'CHAMPION', 'REJECTED', 'RETIRED')),
    data_snapshot    varchar(128) NOT NULL,
    params           jsonb        NOT NULL,
    seed             bigint       NOT NULL,
    metrics          jsonb        NOT NULL,
    baseline_metrics jsonb        NOT NULL,
    provenance       jsonb        NOT NULL,
    artifact_path    text         NOT NULL,
    manifest_sha256  char(64)     NOT NULL,
    state_reason     text,
    run_id           uuid,
    created_at       timestamptz  NOT NULL,
    state_changed_at timestamptz  NOT NULL
);
CREATE INDEX model_versions_type_created ON model_versions (model_type, created_at DESC);
-- At most one champion at a time.
CREATE UNIQUE INDEX model_versions_one_champion ON model_versions ((state)) WHERE state = 'CHAMPION';

CREATE TABLE training_iterations (
    run_id            uuid        NOT NULL,
    model_type        varchar(16) NOT NULL,
    iteration         integer     NOT NULL,
    loss              double precision,
    validation_metric double precision,
    seconds           double precision NOT NULL,
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, model_type, iteration)
);
