package dev.tollgate.collector.usage;

import org.jdbi.v3.core.Handle;

/** The upsert of daily rollup rows ({@code usage_daily}) that {@link Rollups} aggregates. */
final class RollupSql {

  private static final String UPSERT = """
      INSERT INTO usage_daily AS d (day, team_id, client_id, product_id, model, source, is_error, currency,
        requests, prompt_tokens, cached_prompt_tokens, cache_write_prompt_tokens, audio_prompt_tokens,
        completion_tokens, reasoning_tokens, audio_completion_tokens, cost, billing_month)
      SELECT * FROM unnest(CAST(:day AS date[]), CAST(:team AS uuid[]), CAST(:client AS uuid[]),
        CAST(:product AS uuid[]), CAST(:model AS text[]), CAST(:source AS text[]), CAST(:is_error AS boolean[]),
        CAST(:currency AS text[]), CAST(:requests AS bigint[]), CAST(:p AS bigint[]), CAST(:cp AS bigint[]),
        CAST(:cwp AS bigint[]), CAST(:ap AS bigint[]), CAST(:c AS bigint[]), CAST(:r AS bigint[]),
        CAST(:ac AS bigint[]), CAST(:cost AS numeric[]), CAST(:billing_month AS date[]))
        AS u(day, team_id, client_id, product_id, model, source, is_error, currency, requests, p, cp, cwp, ap, c,
             r, ac, cost, billing_month)
      ORDER BY day, team_id, client_id, product_id, model, source, is_error, currency, billing_month
      ON CONFLICT (day, team_id, client_id, product_id, model, source, is_error, currency, billing_month)
      DO UPDATE SET
        requests = d.requests + EXCLUDED.requests,
        prompt_tokens = d.prompt_tokens + EXCLUDED.prompt_tokens,
        cached_prompt_tokens = d.cached_prompt_tokens + EXCLUDED.cached_prompt_tokens,
        cache_write_prompt_tokens = d.cache_write_prompt_tokens + EXCLUDED.cache_write_prompt_tokens,
        audio_prompt_tokens = d.audio_prompt_tokens + EXCLUDED.audio_prompt_tokens,
        completion_tokens = d.completion_tokens + EXCLUDED.completion_tokens,
        reasoning_tokens = d.reasoning_tokens + EXCLUDED.reasoning_tokens,
        audio_completion_tokens = d.audio_completion_tokens + EXCLUDED.audio_completion_tokens,
        cost = d.cost + EXCLUDED.cost""";

  private RollupSql() {}

  /**
   * Adds the rows, one column per array in the order of the insert (day, team, client, product,
   * model, source, is_error, currency, requests, seven token counts, cost, billing month), to existing rows.
   */
  static void upsert(Handle h, String[][] cols) {
    h.createUpdate(UPSERT).bind("day", cols[0]).bind("team", cols[1]).bind("client", cols[2])
        .bind("product", cols[3]).bind("model", cols[4]).bind("source", cols[5]).bind("is_error", cols[6])
        .bind("currency", cols[7]).bind("requests", cols[8]).bind("p", cols[9]).bind("cp", cols[10])
        .bind("cwp", cols[11]).bind("ap", cols[12]).bind("c", cols[13]).bind("r", cols[14]).bind("ac", cols[15])
        .bind("cost", cols[16]).bind("billing_month", cols[17]).execute();
  }
}
