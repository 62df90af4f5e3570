/** The models list. Immutable; unknown fields are kept. */
package dev.tollgate.sdk.models;
