package dev.tollgate.sdk.internal.usage;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disk spool: append-only segment files of JSON lines (one encoded event per line) in one
 * directory, guarded by an OS file lock so that one process at a time owns it.
 *
 * <p>Each segment holds at most one request's worth of events (count and bytes), so replaying a
 * segment is one request, and a segment is deleted only after the collector acknowledged it. A
 * torn or unreadable line (a crash mid-write) is skipped with a warning. Total size is bounded:
 * past {@code maxBytes} new events are refused, logged and counted, never silently dropped.
 */
final class UsageSpool implements Closeable {

  static final String LOCK_FILE = "spool.lock";
  private static final int MAX_INSTANCE_SLOTS = 16;
  private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{20})\\.jsonl");
  /** {@code {"events":[} and {@code ]}} around the events of a request. */
  private static final int ENVELOPE_BYTES = 13;
  private static final Logger log = LoggerFactory.getLogger(UsageSpool.class);

  /** A sealed (no longer written) segment file. */
  record Segment(Path path, long bytes) {}

  private final Path directory;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final long maxBytes;
  private final int maxSegmentEvents;
  private final int maxSegmentBytes;
  private final Deque<Segment> sealed = new ArrayDeque<>();

  private long nextSequence;
  private long totalBytes;
  private FileChannel current;
  private Path currentPath;
  private int currentEvents;
  private long currentBytes;
  private boolean dirty;
  private long refused;
  private long corrupt;
  private boolean refusing;
  private boolean closed;

  private UsageSpool(Path directory, FileChannel lockChannel, FileLock lock, long maxBytes,
      int maxSegmentEvents, int maxSegmentBytes) throws IOException {
    this.directory = directory;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.maxBytes = maxBytes;
    this.maxSegmentEvents = maxSegmentEvents;
    this.maxSegmentBytes = maxSegmentBytes;
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "segment-*.jsonl")) {
      files.forEach(found::add);
    }
    found.sort(null);
    for (Path path : found) {
      Matcher m = SEGMENT.matcher(path.getFileName().toString());
      if (m.matches()) {
        long size = Files.size(path);
        sealed.add(new Segment(path, size));
        totalBytes += size;
        nextSequence = Math.max(nextSequence, Long.parseLong(m.group(1)) + 1);
      }
    }
  }

  /**
   * Opens the spool in {@code baseDirectory}, or, when another process holds its lock, in the
   * first free {@code instance-N} subdirectory of it (two processes of one client on one machine
   * each get their own spool rather than failing or corrupting each other's).
   */
  static UsageSpool open(Path baseDirectory, long maxBytes, int maxSegmentEvents,
      int maxSegmentBytes) {
    try {
      for (int slot = 1; slot <= MAX_INSTANCE_SLOTS; slot++) {
        Path dir = slot == 1 ? baseDirectory : baseDirectory.resolve("instance-" + slot);
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null; // held by another shipper in this JVM
        }
        if (lock == null) {
          channel.close();
          continue;
        }
        if (slot > 1) {
          log.warn("Usage spool {} is locked by another process; using {}", baseDirectory, dir);
        }
        return new UsageSpool(dir, channel, lock, maxBytes, maxSegmentEvents, maxSegmentBytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open usage spool in " + baseDirectory, e);
    }
    throw new IllegalStateException("all " + MAX_INSTANCE_SLOTS
        + " usage spool slots in " + baseDirectory + " are locked by other processes");
  }

  /** The directory this spool owns. */
  Path directory() {
    return directory;
  }

  /**
   * Appends events, fsyncing when {@code sync} (the worker at a batch boundary; the caller's
   * thread in the queue-full path does not, and the worker syncs later). Returns how many were
   * written; the rest were refused because the spool is full.
   */
  synchronized int append(List<EncodedEvent> events, boolean sync) throws IOException {
    ensureOpen();
    int written = 0;
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    for (EncodedEvent event : events) {
      long line = event.json().length + 1L;
      if (totalBytes + pending.size() + line > maxBytes) {
        refuse(events.size() - written);
        break;
      }
      if (current == null || currentEvents >= maxSegmentEvents
          || (currentEvents > 0 && currentBytes + line + ENVELOPE_BYTES > maxSegmentBytes)) {
        writePending(pending);
        rotate();
      }
      pending.write(event.json());
      pending.write('\n');
      currentEvents++;
      currentBytes += line;
      written++;
    }
    writePending(pending);
    if (written > 0 && refusing && written == events.size()) {
      log.warn("Usage spool {} accepts events again after refusing {} in total", directory,
          refused);
      refusing = false;
    }
    if (sync) {
      syncCurrent();
    }
    return written;
  }

  /** Forces what was appended to the current segment onto the disk. */
  synchronized void sync() throws IOException {
    if (!closed) {
      syncCurrent();
    }
  }

  /** The oldest segment ready to replay, sealing the current one if it is the only one. */
  synchronized Optional<Segment> oldest() throws IOException {
    ensureOpen();
    if (sealed.isEmpty() && currentEvents > 0) {
      seal();
    }
    return Optional.ofNullable(sealed.peekFirst());
  }

  /** Whether nothing is spooled. */
  synchronized boolean isEmpty() {
    return sealed.isEmpty() && currentEvents == 0;
  }

  /** Reads a sealed segment's events, skipping (and logging) torn or unreadable lines. */
  List<EncodedEvent> read(Segment segment) throws IOException {
    byte[] bytes = Files.readAllBytes(segment.path());
    List<EncodedEvent> events = new ArrayList<>();
    int start = 0;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      boolean torn = end == bytes.length;
      if (end > start) {
        try {
          if (torn) {
            throw new IOException("no newline at the end of the file");
          }
          UsageEvent event = UsageJson.decode(bytes, start, end - start);
          byte[] json = new byte[end - start];
          System.arraycopy(bytes, start, json, 0, json.length);
          events.add(new EncodedEvent(event.id(), json));
        } catch (IOException e) {
          synchronized (this) {
            corrupt++;
          }
          log.warn("Skipping an unreadable line at byte {} of usage spool segment {} ({}); "
              + "a torn last line is expected after a crash", start, segment.path(),
              e.getMessage());
        }
      }
      start = end + 1;
    }
    return events;
  }

  /** Deletes a segment once the collector acknowledged all its events. */
  synchronized void delete(Segment segment) throws IOException {
    if (sealed.remove(segment)) {
      Files.deleteIfExists(segment.path());
      totalBytes -= segment.bytes();
    }
  }

  /** Bytes currently on disk in segments. */
  synchronized long bytes() {
    return totalBytes;
  }

  /** Events refused because the spool was full. */
  synchronized long refused() {
    return refused;
  }

  /** Lines skipped on replay because they were torn or unreadable. */
  synchronized long corrupt() {
    return corrupt;
  }

  /** Seals and fsyncs the current segment and releases the lock. Idempotent. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      if (current != null) {
        seal();
      }
    } finally {
      closed = true;
      try {
        lock.release();
      } finally {
        lockChannel.close();
      }
    }
  }

  private void refuse(int count) {
    refused += count;
    if (!refusing) {
      refusing = true;
      log.error("Usage spool {} is full ({} of {} bytes): refusing new usage events until the "
          + "collector takes the backlog; {} refused so far", directory, totalBytes, maxBytes,
          refused);
    }
  }

  private void writePending(ByteArrayOutputStream pending) throws IOException {
    if (pending.size() == 0) {
      return;
    }
    ByteBuffer buffer = ByteBuffer.wrap(pending.toByteArray());
    while (buffer.hasRemaining()) {
      current.write(buffer);
    }
    totalBytes += pending.size();
    dirty = true;
    pending.reset();
  }

  private void rotate() throws IOException {
    if (current != null) {
      seal();
    }
    currentPath = directory.resolve(String.format("segment-%020d.jsonl", nextSequence++));
    current = FileChannel.open(currentPath, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    currentEvents = 0;
    currentBytes = 0;
  }

  private void seal() throws IOException {
    syncCurrent();
    current.close();
    if (currentEvents > 0) {
      sealed.addLast(new Segment(currentPath, currentBytes));
    } else {
      Files.deleteIfExists(currentPath);
    }
    current = null;
    currentPath = null;
    currentEvents = 0;
    currentBytes = 0;
  }

  private void syncCurrent() throws IOException {
    if (current != null && dirty) {
      current.force(false);
      dirty = false;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("usage spool " + directory + " is closed");
    }
  }
}
