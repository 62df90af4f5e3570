/**
 * Credentials an admin manages: provider keys (encrypted at rest, shown as a hint, one
 * default) and admin/finance API keys (hashed, shown once, revocable).
 */
package dev.tollgate.collector.admin.keys;
