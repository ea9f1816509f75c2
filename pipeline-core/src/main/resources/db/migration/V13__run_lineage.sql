-- Lineage: a run started on behalf of another run (a downstream stage of its chain, or by hand with
-- a parent named) records it, so a chain reads as one tree: GET /api/v1/runs/{id} shows parent and
-- children. A parent pruned by the ledger retention leaves its children without one.
ALTER TABLE pipeline_runs ADD COLUMN parent_run_id uuid REFERENCES pipeline_runs (id) ON DELETE SET NULL;
CREATE INDEX pipeline_runs_parent ON pipeline_runs (parent_run_id) WHERE parent_run_id IS NOT NULL;
