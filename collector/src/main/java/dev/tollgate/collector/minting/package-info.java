/**
 * Upstream keys minted per team (domain kind). For an {@code openai_admin} provider key the
 * collector asks OpenAI's admin API for a service account per team and leases its key instead of
 * the admin key ({@link dev.tollgate.collector.minting.MintedKeys#lease}); {@link
 * dev.tollgate.collector.minting.KeyReaper} rotates keys on the provider key's period, deletes
 * retired and revoked keys with backoff, and finishes or undoes mints a stopped collector left
 * behind. Every mint, rotation and deletion is audited; docs/security.md tells the story.
 */
package dev.tollgate.collector.minting;
