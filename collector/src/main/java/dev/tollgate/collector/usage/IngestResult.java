package dev.tollgate.collector.usage;

import dev.tollgate.collector.common.FieldError;
import java.util.List;
import java.util.UUID;

/** The answer to a batch: how many events were stored, how many were seen before, and which were refused. */
public record IngestResult(int accepted, int duplicates, List<Rejected> rejected) {

  /** A refused event: its index in the batch, its id when readable, and every invalid field. */
  public record Rejected(int index, UUID id, List<FieldError> errors) {}
}
