/**
 * The simulated OpenAI-compatible upstream that the collector serves at {@code /mock/v1} in dev
 * mode: chat completions (plain and streamed), Responses (plain and streamed), embeddings,
 * moderations and models, in OpenAI's shapes and with OpenAI's errors. Answers are deterministic,
 * token counts come from the real tokenizers, repeated long prompts report cached tokens, and
 * latency and failures can be asked for per request. See docs/mock-upstream.md.
 */
package dev.tollgate.collector.dev.upstream;
