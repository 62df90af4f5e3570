/**
 * Clients: an application's public id and secret, the secret shown once and stored as a
 * PBKDF2 hash; disable, enable and rotate.
 */
package dev.tollgate.collector.admin.clients;
