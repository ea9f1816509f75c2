-- The chain: every edge that fired when a run finished, and what became of it (STARTED, COOLING_DOWN, STAGE_OFF,
-- ABSORBED, TOO_DEEP, LOOP, LAUNCH_FAILED), so the ledger answers "what did this drift verdict cause"
-- and "why did training not follow". A link goes with its parent run (ledger retention).
CREATE TABLE chain_links (
    id            bigserial PRIMARY KEY,
    parent_run_id uuid NOT NULL REFERENCES pipeline_runs (id) ON DELETE CASCADE,
    edge          text NOT NULL,
    from_stage    text NOT NULL,
    outcome       text NOT NULL,
    to_stage      text NOT NULL,
    decision      text NOT NULL CHECK (decision IN
                      ('STARTED', 'COOLING_DOWN', 'ABSORBED', 'STAGE_OFF', 'TOO_DEEP', 'LOOP', 'LAUNCH_FAILED')),
    -- the run that took the link up (it names the parent with --parent-run); the run that absorbed it
    child_run_id  uuid REFERENCES pipeline_runs (id) ON DELETE SET NULL,
    -- how it was started: the Job's name, or 'local'
    launched_as   text,
    detail        text NOT NULL,
    decided_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chain_links_parent ON chain_links (parent_run_id);
-- the cool-down asks for the newest start of an edge
CREATE INDEX chain_links_edge_started ON chain_links (edge, decided_at DESC) WHERE decision = 'STARTED';
