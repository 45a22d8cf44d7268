-- RGPD erasure and purge (d1/erasure.py) rewrite the audit entries about the erased client, dossiers and what was
-- filed in them: by subject, one cabinet's entries about one id, instead of a scan of the cabinet's whole trail.
CREATE INDEX audit_log_by_subject ON audit_log (cabinet_id, subject);
