-- Retrain requests: a stage that sees one of the seed's retrain triggers (the health check: training
-- data or product embeddings older than 30 days) records a request; the training stage retrains for
-- the open ones and marks the ones it honoured with its run (drift has its own verdicts in drift_reports).
CREATE TABLE retrain_requests (
    id                 bigserial    PRIMARY KEY,
    reason             varchar(32)  NOT NULL CHECK (reason IN ('DATA_AGE', 'EMBEDDINGS_AGE')),
    -- what is old: the data snapshot or embedding set the trigger saw
    subject            varchar(128) NOT NULL,
    detail             text         NOT NULL,
    requested_at       timestamptz  NOT NULL,
    requested_by_stage varchar(64)  NOT NULL,
    requested_by_run   uuid,
    consumed_by_run    uuid,
    consumed_at        timestamptz
);
-- No flood from an hourly check: at most one open request per reason, and one per reason and
-- subject ever (a snapshot that stays old asks for one retrain, not one a week).
CREATE UNIQUE INDEX retrain_requests_one_open ON retrain_requests (reason) WHERE consumed_by_run IS NULL;
CREATE UNIQUE INDEX retrain_requests_once_per_subject ON retrain_requests (reason, subject);
