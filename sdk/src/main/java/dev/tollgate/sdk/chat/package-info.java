/**
 * Chat completions: the request, the completion, and the chunks of a streamed completion.
 * All types are immutable, serialise with OpenAI's snake_case names, and keep fields they
 * do not name in {@code additionalProperties} so new provider fields flow through.
 */
package dev.tollgate.sdk.chat;
