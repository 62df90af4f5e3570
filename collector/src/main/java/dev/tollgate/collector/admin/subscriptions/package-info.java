/** Subscriptions of teams to products, their quotas, and the live quota state. */
package dev.tollgate.collector.admin.subscriptions;
