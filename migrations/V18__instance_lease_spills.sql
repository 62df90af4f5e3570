-- Instance leases (V15) keep in PostgreSQL what used to be known only to the instance holding one.
--
-- spilled: what calls used beyond the client grants cut from it. A client may make one call more
-- than its grant covers (the SDK admits a call while the lease is not used up), and a lease
-- settled by a newer one for the same (endpoint, model) may still report calls. With a grant
-- reserved in the counter directly, that excess counts as used and the next lease sees it. A grant
-- cut from an instance lease is decided in memory, so the instance could keep cutting grants while
-- their calls' excess piled up in the counter unseen. Ingest now takes such excess from the
-- instance lease itself (what it reserves shrinks, so the counter stays exact) and adds it here;
-- the instance reads it back when it writes its next leases and cuts that much less.
--
-- returned: what the client grants cut from it gave back (settled early, or dead unused) and was
-- already returned to the counter. Any instance may now give such returns back, once, when it
-- refills its own instance lease: a quota is no longer refused while an instance whose clients
-- went away holds their returns until its instance lease expires.
ALTER TABLE quota_instance_leases
    ADD COLUMN spilled  NUMERIC NOT NULL DEFAULT 0 CHECK (spilled >= 0),
    ADD COLUMN returned NUMERIC NOT NULL DEFAULT 0;

-- Instance leases open at the upgrade: what their grants returned so far counts as given back.
-- Collectors before V18 gave returns back from totals in their memory, which are gone; counting
-- them all as returned may keep some reserved until the instance lease expires (at most three
-- lease lifetimes), where counting none could give some back twice. Stop every collector of an
-- earlier version before one of this version starts (docs/operations.md, "Upgrading").
UPDATE quota_instance_leases i
SET returned = (SELECT COALESCE(sum(g.granted - g.amount), 0) + COALESCE(sum(g.amount - g.used) FILTER (WHERE g.released), 0)
                FROM quota_lease_grants g WHERE g.instance_lease_id = i.id)
WHERE NOT released;
