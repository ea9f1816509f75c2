-- Drift verdicts: what drift detection concluded about a data snapshot, for the training stage.
-- A table of pipeline-core's own (written through DriftVerdicts by monitor-service's drift stage, in
-- the same transaction as its drift_reports row), so training never reads monitor-service's reports.
CREATE TABLE drift_verdicts (
    id             bigserial    PRIMARY KEY,
    snapshot_id    varchar(128) NOT NULL,
    should_retrain boolean      NOT NULL,
    severity       varchar(16)  NOT NULL CHECK (severity IN ('NONE', 'LOW', 'MEDIUM', 'HIGH')),
    decided_at     timestamptz  NOT NULL,
    run_id         uuid
);
CREATE INDEX drift_verdicts_snapshot ON drift_verdicts (snapshot_id, decided_at DESC, id DESC);
CREATE INDEX drift_verdicts_decided ON drift_verdicts (decided_at);
-- The verdicts of the reports written before this table existed.
INSERT INTO drift_verdicts (snapshot_id, should_retrain, severity, decided_at, run_id)
    SELECT current_snapshot, should_retrain, severity, created_at, run_id FROM drift_reports ORDER BY id;
