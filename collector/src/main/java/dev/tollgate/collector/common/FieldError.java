package dev.tollgate.collector.common;

/** One invalid field of a request: its JSON path (e.g. {@code events[3].usage.prompt_tokens}) and why. */
public record FieldError(String field, String message) {}
