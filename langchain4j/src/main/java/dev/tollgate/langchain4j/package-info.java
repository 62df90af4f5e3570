/**
 * Tollgate for LangChain4j: {@link dev.tollgate.langchain4j.TollgateLangChain4j#httpClientBuilder}
 * gives LangChain4j's OpenAI models an HTTP client whose every call goes through Tollgate's
 * engine (admission, the leased provider key, metering, retries). Everything else in the
 * package is an implementation detail.
 */
package dev.tollgate.langchain4j;
