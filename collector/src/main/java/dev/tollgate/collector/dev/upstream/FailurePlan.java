package dev.tollgate.collector.dev.upstream;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a request fails on purpose: {@code x-mock-error: 429} or a model named
 * {@code mock-error-429} asks for that status; {@code x-mock-fail-rate: 0.2} fails about a fifth of
 * requests, by a seeded sequence (the n-th request since start fails or not the same way every run),
 * alternating between 429, 500 and 503.
 */
final class FailurePlan {

  static final String ERROR_HEADER = "x-mock-error";
  static final String FAIL_RATE_HEADER = "x-mock-fail-rate";
  private static final Pattern ERROR_MODEL = Pattern.compile("^mock-error-(\\d{3})$");
  private static final int[] RANDOM_STATUSES = {429, 500, 503};

  private final long seed;
  private final AtomicLong requests = new AtomicLong();

  FailurePlan(long seed) {
    this.seed = seed;
  }

  /** The failure this request asked for, if any; a malformed ask is itself a 400. */
  Optional<OpenAiError> failure(String errorHeader, String failRateHeader, String model) {
    long n = requests.getAndIncrement();
    if (errorHeader != null && !errorHeader.isBlank()) {
      return Optional.of(asked(errorHeader.trim(), model, ERROR_HEADER));
    }
    if (model != null) {
      Matcher matcher = ERROR_MODEL.matcher(model);
      if (matcher.matches()) {
        return Optional.of(asked(matcher.group(1), model, "model"));
      }
    }
    if (failRateHeader != null && !failRateHeader.isBlank()) {
      double rate;
      try {
        rate = Double.parseDouble(failRateHeader.trim());
      } catch (NumberFormatException e) {
        return Optional.of(OpenAiError.invalid(FAIL_RATE_HEADER + " must be a number between 0 and 1",
            null, null));
      }
      long draw = mix(seed + n);
      double unit = (draw >>> 11) * 0x1.0p-53;
      if (unit < rate) {
        int status = RANDOM_STATUSES[(int) Math.floorMod(draw, (long) RANDOM_STATUSES.length)];
        return OpenAiError.simulated(status, model);
      }
    }
    return Optional.empty();
  }

  private static OpenAiError asked(String status, String model, String param) {
    try {
      return OpenAiError.simulated(Integer.parseInt(status), model)
          .orElseGet(() -> unsupported(status, param));
    } catch (NumberFormatException e) {
      return unsupported(status, param);
    }
  }

  private static OpenAiError unsupported(String status, String param) {
    return OpenAiError.invalid("The simulated upstream cannot fail with '" + status
        + "'; use one of 400, 401, 403, 404, 429, 500, 502, 503, 504.", param, "unsupported_mock_error");
  }

  /** SplitMix64's finaliser: a well-spread draw per request number. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
