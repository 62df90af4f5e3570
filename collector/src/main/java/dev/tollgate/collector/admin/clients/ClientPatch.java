package dev.tollgate.collector.admin.clients;

import dev.tollgate.collector.admin.teams.Status;

/** {@code PATCH /v1/admin/clients/{id}}: disable or enable, or rename. */
public record ClientPatch(String name, Status status) {}
