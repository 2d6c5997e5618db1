-- The audit log and the consent events are append-only in the database itself, and every audit
-- event is chained to the one before it by a SHA-256 hash (npm run audit:verify).

ALTER TABLE "audit_event" ADD COLUMN "hash" TEXT, ADD COLUMN "seq" BIGINT;
CREATE UNIQUE INDEX "audit_event_seq_key" ON "audit_event"("seq");

-- An event's hash: the previous event's hash and every field of this one, timestamps in UTC.
CREATE FUNCTION audit_event_hash(prev TEXT, seq BIGINT, id BIGINT, at TIMESTAMPTZ, actor TEXT, action TEXT, target TEXT, details JSONB) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws(chr(31), prev, seq::text, id::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), actor, action, coalesce(target, ''), details::text), 'UTF8')), 'hex')
$$;

-- Events already recorded join the chain in the order they were recorded.
DO $$
DECLARE
  event RECORD;
  prev TEXT := '';
  n BIGINT := 0;
BEGIN
  FOR event IN SELECT * FROM "audit_event" ORDER BY id LOOP
    n := n + 1;
    prev := audit_event_hash(prev, n, event.id, event.at, event.actor, event.action, event.target, event.details);
    UPDATE "audit_event" SET seq = n, hash = prev WHERE id = event.id;
  END LOOP;
END $$;

-- One writer at a time extends the chain (held to the end of the inserting transaction); rows of
-- one statement chain in the order they are inserted.
CREATE FUNCTION audit_event_chain() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
DECLARE
  last_seq BIGINT;
  last_hash TEXT;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('audit_event_chain'));
  SELECT seq, hash INTO last_seq, last_hash FROM "audit_event" WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.hash := audit_event_hash(coalesce(last_hash, ''), NEW.seq, NEW.id, NEW.at, NEW.actor, NEW.action, NEW.target, NEW.details);
  RETURN NEW;
END $$;
CREATE TRIGGER audit_event_chain BEFORE INSERT ON "audit_event" FOR EACH ROW EXECUTE FUNCTION audit_event_chain();

CREATE FUNCTION refuse_change() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON "audit_event" FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "audit_event" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
-- What happened to a tenant's consent stays; requests that matched no link (forged, malformed) may
-- be deleted by the retention that bounds them.
CREATE TRIGGER consent_event_append_only BEFORE UPDATE ON "consent_event" FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER consent_event_no_delete BEFORE DELETE ON "consent_event" FOR EACH ROW WHEN (OLD."tenantId" IS NOT NULL) EXECUTE FUNCTION refuse_change();
