-- A dry run is recorded (so it can be looked up) but never counts as the stage having done its work.
ALTER TABLE pipeline_runs ADD COLUMN dry_run boolean NOT NULL DEFAULT false;
UPDATE pipeline_runs SET dry_run = true WHERE options ->> 'dry_run' = 'true';
