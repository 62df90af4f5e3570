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
