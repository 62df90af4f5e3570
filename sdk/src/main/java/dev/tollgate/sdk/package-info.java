/**
 * The Tollgate SDK: a governed OpenAI-compatible client. Start with {@link dev.tollgate.sdk.Tollgate}
 * (built by {@link dev.tollgate.sdk.TollgateBuilder}); its services ({@code chat()},
 * {@code responses()}, {@code embeddings()}, {@code moderations()}, {@code models()}) take the
 * request types of the {@code chat}, {@code responses}, {@code embeddings}, {@code moderations}
 * and {@code models} packages. Every exception is a {@link dev.tollgate.sdk.TollgateException}.
 * Packages under {@code dev.tollgate.sdk.internal} are not API.
 */
package dev.tollgate.sdk;
