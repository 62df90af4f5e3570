/** Token estimates before a call, with JTokkit. Internal: not API, may change without notice. */
package dev.tollgate.sdk.internal.tokens;
