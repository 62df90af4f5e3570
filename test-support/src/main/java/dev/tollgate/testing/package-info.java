/**
 * Helpers the modules' tests share (test scope only): a clock tests move by hand and OpenAI's
 * OpenAPI schemas.
 */
package dev.tollgate.testing;
