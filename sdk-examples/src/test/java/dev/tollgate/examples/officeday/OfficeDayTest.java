package dev.tollgate.examples.officeday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.examples.e2e.StdOut;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The office-day demo end to end: the built collector jar in dev mode as a child process, a
 * quarter of the day's traffic with the fast simulated upstream, and the printed tables.
 */
class OfficeDayTest {

  @AfterEach
  void clearKnobs() {
    System.clearProperty("tollgate.demo.scale");
    System.setProperty("tollgate.mock.latency", "off");
  }

  @Test
  @Timeout(120)
  void runsTheDayAndPrintsTheReports() throws Exception {
    Path jar = Path.of(System.getProperty("tollgate.collector.jar", "../collector/target/missing.jar"));
    assertThat(jar).as("the collector jar (run the reactor's verify)").exists();
    System.setProperty("tollgate.demo.scale", "0.25");
    System.setProperty("tollgate.mock.latency", "fast");

    String out = StdOut.capture(() -> OfficeDay.main(new String[] {jar.toString()}));

    String seen = section(out, "What the applications saw");
    assertThat(row(seen, "campaign-writer") + row(seen, "social-bot")).contains("(quota_exceeded: cost quota");
    // The refusals name the quota that refused: Marketing's monthly cost quota (2.00 at scale 1).
    assertThat(row(seen, "campaign-writer")).matches("Marketing\\s+campaign-writer\\s+[1-9]\\d*\\s+[1-9]\\d* "
        + "\\(quota_exceeded: cost quota 0\\.5 per month, 0\\.\\d+ used\\)\\s+0");
    for (String app : List.of("research-assistant", "reasoning-lab", "doc-indexer", "helpdesk-bot")) {
      assertThat(row(seen, app)).as(app).matches(".*" + app + "\\s+[1-9]\\d*\\s+0\\s+0");
    }

    String usage = section(out, "Usage and cost by team and model");
    assertThat(usage).contains("Marketing", "Research & Development", "Support")
        .contains("gpt-4o-mini", "o3-mini", "text-embedding-3-small");
    String chargeback = section(out, "Chargeback for ");
    for (String team : List.of("Marketing", "Research & Development", "Support")) {
      assertThat(chargeback).containsPattern("(?m)^" + Pattern.quote(team) + "\\s+.*\\$\\d+\\.\\d\\d\\s+\\$\\d+\\.\\d\\d$");
    }
    assertThat(section(out, "Last 8 transactions")).doesNotContain("(no rows)");
    String minted = section(out, "Keys minted per team");
    for (String team : List.of("Marketing", "Research & Development", "Support")) {
      assertThat(minted).as("a key minted for " + team)
          .containsPattern("(?m)^\\s*" + Pattern.quote(team) + "\\s+tollgate-\\S+\\s+\\S+\\s+active\\s");
    }
    assertThat(section(out, "Latency by client")).contains("helpdesk-bot");
    assertThat(out).contains("Collector stopped and its demo data removed.");

    Matcher url = Pattern.compile("collector (http://localhost:\\d+) is up").matcher(out);
    assertThat(url.find()).isTrue();
    URI collector = URI.create(url.group(1));
    assertThatThrownBy(() -> new Socket(collector.getHost(), collector.getPort()).close())
        .as("the collector process is gone").isInstanceOf(IOException.class);
    assertThat(ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().orElse("").contains(jar.getFileName().toString())))
        .as("child processes still running the collector jar").isEmpty();
    Matcher log = Pattern.compile("log:\\s+(\\S+)").matcher(out);
    assertThat(log.find()).isTrue();
    assertThat(Files.exists(Path.of(log.group(1)))).as("demo data folder removed").isFalse();
  }

  /** The lines of one printed table, from its title to the next blank line. */
  private static String section(String out, String title) {
    int start = out.indexOf("\n" + title);
    assertThat(start).as("table '" + title + "' printed").isNotNegative();
    int end = out.indexOf("\n\n", start + 1);
    return out.substring(start + 1, end < 0 ? out.length() : end);
  }

  private static String row(String table, String key) {
    return table.lines().filter(l -> l.contains(" " + key + " ")).findFirst().orElse("").strip();
  }
}
