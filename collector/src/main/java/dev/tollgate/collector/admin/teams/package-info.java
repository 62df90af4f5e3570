/** Teams (subscribers): create, list, rename, disable, assign a provider key. */
package dev.tollgate.collector.admin.teams;
