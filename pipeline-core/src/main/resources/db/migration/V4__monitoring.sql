-- Monitoring: health-check history, the drift baseline and drift reports (the dashboard reads them).

CREATE TABLE health_checks (
    id           bigserial    PRIMARY KEY,
    checked_at   timestamptz  NOT NULL,
    run_id       uuid,
    overall      varchar(16)  NOT NULL CHECK (overall IN ('HEALTHY', 'WARNING', 'CRITICAL')),
    report       jsonb        NOT NULL
);
CREATE INDEX health_checks_at ON health_checks (checked_at DESC);

-- What drift is measured against: a summary of one data snapshot. One row; replaced by --update-baseline.
CREATE TABLE drift_baseline (
    id           smallint     PRIMARY KEY CHECK (id = 1),
    snapshot_id  varchar(128) NOT NULL,
    summary      jsonb        NOT NULL,
    created_at   timestamptz  NOT NULL
);

CREATE TABLE drift_reports (
    id                bigserial    PRIMARY KEY,
    created_at        timestamptz  NOT NULL,
    run_id            uuid,
    baseline_snapshot varchar(128) NOT NULL,
    current_snapshot  varchar(128) NOT NULL,
    severity          varchar(16)  NOT NULL CHECK (severity IN ('NONE', 'LOW', 'MEDIUM', 'HIGH')),
    drift_detected    boolean      NOT NULL,
    should_retrain    boolean      NOT NULL,
    report            jsonb        NOT NULL
);
CREATE INDEX drift_reports_created ON drift_reports (created_at DESC);
