-- Retention: a model version's files may be removed while its row stays for history.
ALTER TABLE model_versions ADD COLUMN artifact_deleted_at timestamptz;
