package dev.tollgate.collector.admin.keys;

import dev.tollgate.collector.common.ProblemException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * What an {@code openai_admin} key adds: the OpenAI project the collector mints service-account
 * keys in (required) and how long a minted key stays a team's current key before it is rotated
 * (ISO-8601, default {@code PT24H}, from 5 minutes to 30 days).
 *
 * @param projectId the project id, or null for a key of another kind
 * @param rotationPeriod the rotation period, or null for a key of another kind
 */
record OpenAiAdminSettings(String projectId, Duration rotationPeriod) {

  static final OpenAiAdminSettings NONE = new OpenAiAdminSettings(null, null);
  static final Duration DEFAULT_ROTATION = Duration.ofHours(24);

  private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Duration MIN_ROTATION = Duration.ofMinutes(5);
  private static final Duration MAX_ROTATION = Duration.ofDays(30);

  /** The settings of a key of {@code provider}; a 422 naming the field when they do not fit it. */
  static OpenAiAdminSettings of(Provider provider, String projectId, String rotationPeriod) {
    if (provider != Provider.OPENAI_ADMIN) {
      if (projectId != null) {
        throw ProblemException.invalid("project_id", "is only for openai_admin keys");
      }
      if (rotationPeriod != null) {
        throw ProblemException.invalid("rotation_period", "is only for openai_admin keys");
      }
      return NONE;
    }
    if (projectId == null || projectId.isBlank()) {
      throw ProblemException.invalid("project_id", "is required for openai_admin keys");
    }
    return new OpenAiAdminSettings(projectId(projectId),
        rotationPeriod == null ? DEFAULT_ROTATION : rotationPeriod(rotationPeriod));
  }

  static String projectId(String projectId) {
    String p = projectId.strip();
    if (!PROJECT.matcher(p).matches()) {
      throw ProblemException.invalid("project_id", "must be an OpenAI project id such as proj_abc123");
    }
    return p;
  }

  static Duration rotationPeriod(String value) {
    Duration period;
    try {
      period = Duration.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw ProblemException.invalid("rotation_period", "must be an ISO-8601 duration such as PT24H");
    }
    if (period.compareTo(MIN_ROTATION) < 0 || period.compareTo(MAX_ROTATION) > 0) {
      throw ProblemException.invalid("rotation_period", "must be from PT5M to P30D");
    }
    return period;
  }
}
