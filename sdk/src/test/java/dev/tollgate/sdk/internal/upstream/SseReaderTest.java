package dev.tollgate.sdk.internal.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class SseReaderTest {

  private static List<SseEvent> read(String text) throws IOException {
    SseReader reader = new SseReader(new Buffer().writeUtf8(text));
    List<SseEvent> events = new ArrayList<>();
    for (SseEvent e = reader.next(); e != null; e = reader.next()) {
      events.add(e);
    }
    return events;
  }

  @Test
  void joinsMultiLineDataWithNewlines() throws IOException {
    assertThat(read("data: {\"a\":\ndata: 1}\n\n"))
        .containsExactly(new SseEvent(null, "{\"a\":\n1}", null));
  }

  @Test
  void readsNamedEventsAndResetsTheNameAfterDispatch() throws IOException {
    assertThat(read("event: response.created\ndata: x\n\ndata: y\n\n"))
        .containsExactly(new SseEvent("response.created", "x", null), new SseEvent(null, "y", null));
  }

  @Test
  void skipsCommentsAndUnknownFieldsAndKeepsTheLastId() throws IOException {
    assertThat(read(": keep-alive\nretry: 3000\nid: 7\nfoo: bar\ndata: z\n\n: another\n\n"))
        .containsExactly(new SseEvent(null, "z", "7"));
  }

  @Test
  void dropsOnlyOneLeadingSpaceAndAcceptsNoSpace() throws IOException {
    assertThat(read("data:  two\n\ndata:none\n\ndata\n\n"))
        .extracting(SseEvent::data).containsExactly(" two", "none", "");
  }

  @Test
  void handlesCrLfAndRecognisesDone() throws IOException {
    List<SseEvent> events = read("data: a\r\n\r\ndata: [DONE]\r\n\r\n");
    assertThat(events).extracting(SseEvent::data).containsExactly("a", "[DONE]");
    assertThat(events.get(1).isDone()).isTrue();
    assertThat(events.get(0).isDone()).isFalse();
  }

  @Test
  void blankLinesWithoutDataDispatchNothingAndATruncatedEventIsDropped() throws IOException {
    assertThat(read("\n\nevent: x\n\ndata: kept\n\ndata: cut off")).extracting(SseEvent::data).containsExactly("kept");
  }
}
