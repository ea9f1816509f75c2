-- Registry audit: an append-only history of every model state change (the seed's registry_audit.log).
--
-- The row is written by a trigger on model_versions, not by the application: whatever changes a
-- model's state (ModelRegistry, or someone with psql) leaves its row, in the same transaction.
-- ModelRegistry says who acts by setting, for its transaction only, recsys.audit_actor (the stage, or
-- "api"), recsys.audit_run (the run id) and recsys.audit_host (pod/host + pid); a change made
-- without them is recorded as "sql:<database user>".

CREATE TABLE model_state_changes (
    id          bigserial    PRIMARY KEY,
    model_id    varchar(128) NOT NULL REFERENCES model_versions (id),
    -- NULL: the model was registered with to_state.
    from_state  varchar(16)  CHECK (from_state IN ('CANDIDATE', 'CHAMPION', 'REJECTED', 'RETIRED')),
    to_state    varchar(16)  NOT NULL CHECK (to_state IN ('CANDIDATE', 'CHAMPION', 'REJECTED', 'RETIRED')),
    reason      text,
    actor       varchar(255) NOT NULL,
    run_id      uuid,
    host        varchar(255),
    changed_at  timestamptz  NOT NULL
);
CREATE INDEX model_state_changes_model ON model_state_changes (model_id, id);
CREATE INDEX model_state_changes_changed ON model_state_changes (changed_at DESC, id DESC);

CREATE FUNCTION record_model_state_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.state IS DISTINCT FROM OLD.state THEN
        INSERT INTO model_state_changes (model_id, from_state, to_state, reason, actor, run_id, host, changed_at)
        VALUES (NEW.id,
                CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.state END,
                NEW.state,
                COALESCE(NEW.state_reason, CASE WHEN TG_OP = 'INSERT' THEN 'registered' END),
                COALESCE(NULLIF(current_setting('recsys.audit_actor', true), ''), 'sql:' || session_user),
                NULLIF(current_setting('recsys.audit_run', true), '')::uuid,
                NULLIF(current_setting('recsys.audit_host', true), ''),
                CASE WHEN TG_OP = 'INSERT' THEN NEW.state_changed_at ELSE now() END);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER model_versions_audit
    AFTER INSERT OR UPDATE OF state ON model_versions
    FOR EACH ROW EXECUTE FUNCTION record_model_state_change();

-- Append-only: history is never rewritten, and retention never prunes it.
CREATE FUNCTION refuse_audit_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'model_state_changes is append-only: % refused', TG_OP;
END
$$;

CREATE TRIGGER model_state_changes_append_only
    BEFORE UPDATE OR DELETE ON model_state_changes
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_rewrite();
CREATE TRIGGER model_state_changes_no_truncate
    BEFORE TRUNCATE ON model_state_changes
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_rewrite();

-- Models registered before this history began: their state as found, said so.
INSERT INTO model_state_changes (model_id, from_state, to_state, reason, actor, run_id, host, changed_at)
SELECT id, NULL, state, 'state when the audit history began' || COALESCE(': ' || state_reason, ''),
       'migration V7', run_id, NULL, state_changed_at
FROM model_versions ORDER BY state_changed_at, id;
