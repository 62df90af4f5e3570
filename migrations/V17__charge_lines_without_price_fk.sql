-- charge_lines.price_id loses its foreign key to prices. Checking it cost every ingested line a
-- lookup of its price row and a KEY SHARE lock on it: four batches in flight lock the same few
-- price rows, and shared row locks held by several transactions become MultiXacts that each
-- writer then has to resolve (docs/benchmarks.md, "Collector ingest"). What the key guaranteed,
-- that a line never names a price that does not exist, holds by a rule instead: the price book is
-- append-only (it never had a delete or update path, and its version is its row count and latest
-- insert), and now the database refuses to delete a price or change its id.

-- (Named charge_lines_price_id_fkey1 by V13, the unpartitioned table's key having taken the plain name.)
DO $$
DECLARE
  fk TEXT;
BEGIN
  FOR fk IN SELECT conname FROM pg_constraint
            WHERE conrelid = 'charge_lines'::regclass AND confrelid = 'prices'::regclass AND contype = 'f' LOOP
    EXECUTE format('ALTER TABLE charge_lines DROP CONSTRAINT %I', fk);
  END LOOP;
END;
$$;

CREATE FUNCTION tollgate_prices_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'prices are append-only: a price is never deleted or renumbered (charge lines name it)'
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER prices_append_only BEFORE DELETE OR UPDATE OF id ON prices
  FOR EACH ROW EXECUTE FUNCTION tollgate_prices_append_only();
