-- Argus schema, version 10: ingest writes as a role of its own (docker-compose.yml, deploy/k8s), which
-- may keep the cameras table current and nothing else: a leaked ingest password cannot touch the
-- job's rows. The role is created by the deployment (deploy/db-init/10-argus-roles.sh), not here.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'argus_ingest') THEN
        GRANT USAGE ON SCHEMA public TO argus_ingest;
        GRANT SELECT, INSERT, UPDATE ON cameras TO argus_ingest;
    END IF;
END $$;
