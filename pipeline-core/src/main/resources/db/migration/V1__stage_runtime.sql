-- The stage runtime: run ledger, leases, artifacts and their aliases, alerts.
-- Flyway in pipeline-core owns the schema; services never create tables themselves.

CREATE TABLE pipeline_runs (
    id                uuid PRIMARY KEY,
    stage             varchar(64)  NOT NULL,
    trigger           varchar(16)  NOT NULL CHECK (trigger IN ('CRON', 'HTTP', 'CLI')),
    status            varchar(16)  NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'SKIPPED', 'FAILED', 'ERROR', 'CANCELLED')),
    started_at        timestamptz  NOT NULL,
    finished_at       timestamptz,
    duration_ms       bigint,
    host              varchar(255) NOT NULL,
    options           jsonb,
    input_versions    jsonb,
    outputs           jsonb,
    metrics           jsonb,
    message           text,
    error_message     text,
    error_report_path text,
    attempt           integer      NOT NULL DEFAULT 1,
    exit_code         integer
);
CREATE INDEX pipeline_runs_stage_started ON pipeline_runs (stage, started_at DESC);
CREATE INDEX pipeline_runs_running ON pipeline_runs (stage) WHERE status = 'RUNNING';

-- One lease per stage. generation grows on every change of hands (fencing token).
CREATE TABLE stage_leases (
    stage       varchar(64)  PRIMARY KEY,
    owner       varchar(255) NOT NULL,
    run_id      uuid,
    generation  bigint       NOT NULL,
    acquired_at timestamptz  NOT NULL,
    expires_at  timestamptz  NOT NULL
);

-- Published artifacts (data snapshots, embedding sets, ...) and named pointers such as 'current'.
CREATE TABLE artifacts (
    kind            varchar(32)  NOT NULL,
    id              varchar(128) NOT NULL,
    path            text         NOT NULL,
    manifest_sha256 char(64)     NOT NULL,
    created_at      timestamptz  NOT NULL,
    run_id          uuid,
    input_versions  jsonb        NOT NULL DEFAULT '{}'::jsonb,
    summary         jsonb        NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (kind, id)
);

CREATE TABLE artifact_aliases (
    kind        varchar(32)  NOT NULL,
    alias       varchar(64)  NOT NULL,
    artifact_id varchar(128) NOT NULL,
    updated_at  timestamptz  NOT NULL,
    PRIMARY KEY (kind, alias),
    FOREIGN KEY (kind, artifact_id) REFERENCES artifacts (kind, id)
);

CREATE TABLE alert_log (
    id                 bigserial PRIMARY KEY,
    fingerprint        char(64)    NOT NULL,
    severity           varchar(16) NOT NULL CHECK (severity IN ('INFO', 'WARNING', 'CRITICAL')),
    source             varchar(64) NOT NULL,
    subject            text        NOT NULL,
    message            text        NOT NULL,
    suppressed         boolean     NOT NULL,
    channels_delivered text,
    channels_failed    text,
    sent_at            timestamptz NOT NULL
);
CREATE INDEX alert_log_fingerprint ON alert_log (fingerprint, sent_at DESC);
