package dev.tollgate.examples.officeday;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The office-day demo: starts a collector in {@code dev} mode (embedded PostgreSQL, simulated
 * upstream), sets up three teams, runs their applications' traffic through the SDK
 * concurrently (Marketing runs into its hard quota), and prints the reports.
 *
 * <p>Run from the repository root after {@code ./mvnw install -DskipTests}:
 * {@code java -jar sdk-examples/target/tollgate-office-day.jar}. Knobs (system property or
 * environment variable): {@code tollgate.demo.scale} / {@code TOLLGATE_DEMO_SCALE} multiplies
 * every application's calls and Marketing's quota (default 0.5: about a minute of traffic), {@code tollgate.mock.latency}
 * / {@code TOLLGATE_MOCK_LATENCY} is the simulated upstream's latency (default realistic).
 */
public final class OfficeDay {

  private OfficeDay() {}

  public static void main(String[] args) throws Exception {
    Path jar = collectorJar(args);
    PrintStream out = System.out;
    out.println("Tollgate office day");
    out.println("  starting the collector in dev mode (embedded PostgreSQL, simulated OpenAI upstream) ...");
    BigDecimal scale = new BigDecimal(setting("tollgate.demo.scale", "TOLLGATE_DEMO_SCALE", "0.5"));
    String latency = setting("tollgate.mock.latency", "TOLLGATE_MOCK_LATENCY", "realistic");
    try (DevCollector collector = DevCollector.start(jar, Map.of("TOLLGATE_MOCK_LATENCY", latency))) {
      AdminClient admin = new AdminClient(collector.url(), collector.adminKey());
      Instant from = Instant.now().truncatedTo(ChronoUnit.DAYS);
      Office.Setup setup = Office.setUp(admin, collector.url(), scale);
      List<Office.App> apps = setup.apps();
      out.println("  collector " + collector.url() + " is up; created 3 teams with " + apps.size() + " applications");
      out.println("  running the day's traffic through the SDK:");

      Path spool = Files.createTempDirectory("tollgate-demo-spool-");
      List<Traffic.Outcome> outcomes = new Traffic(collector.url(), spool).run(apps, out);
      printOutcomes(out, outcomes);
      int attempts = outcomes.stream().mapToInt(o -> o.ok() + o.failed()).sum();
      awaitIngested(admin, from, attempts);

      Instant to = Instant.now().plus(1, ChronoUnit.MINUTES);
      ReportPrinter reports = new ReportPrinter(admin, out, from, to);
      reports.lastTransactions(8);
      reports.usageByTeamAndModel();
      reports.latencyByClient();
      reports.chargeback(YearMonth.now(ZoneOffset.UTC));
      reports.mintedKeys(setup.providerKeyId());
      printNext(out, collector, from, to);
      waitForEnter(out);
    }
    out.println("Collector stopped and its demo data removed.");
  }

  private static void printOutcomes(PrintStream out, List<Traffic.Outcome> outcomes) {
    Table table = new Table("What the applications saw", "team", "application", "ok", "refused (402)", "failed");
    for (Traffic.Outcome o : outcomes) {
      table.row(o.team(), o.app(), o.ok(), o.refused() == 0 ? "0" : o.refused() + " (" + o.refusal() + ")", o.failed());
    }
    table.print(out);
  }

  /** Usage ships in the background; wait until the collector has counted every admitted call. */
  private static void awaitIngested(AdminClient admin, Instant from, int expected) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      long counted = 0;
      Map<String, String> query = Map.of("from", from.toString(), "to", Instant.now().plusSeconds(60).toString(),
          "group_by", "team");
      for (var item : admin.get("/v1/reports/usage", query).path("items")) {
        counted += item.path("requests").asLong();
      }
      if (counted >= expected) {
        return;
      }
      Thread.sleep(300);
    }
  }

  private static void printNext(PrintStream out, DevCollector collector, Instant from, Instant to) {
    out.println();
    out.println("Where to look next");
    out.println("  console:    " + collector.url() + "/console  (sign in with the admin key)");
    out.println("  admin key:  " + collector.adminKey());
    out.println("  collector:  " + collector.url());
    out.println("  a report:   curl -H 'Authorization: Bearer " + collector.adminKey() + "' \\");
    out.println("                '" + collector.url() + "/v1/reports/usage?from=" + from + "&to=" + to
        + "&group_by=team,model&format=csv'");
    out.println("  log:        " + collector.log());
  }

  private static void waitForEnter(PrintStream out) throws java.io.IOException {
    if (System.console() == null) {
      out.println("  (not a terminal: stopping the collector now; run the demo in a terminal to look around)");
      return;
    }
    out.println();
    out.println("Press Enter to stop the collector (it is running until then).");
    System.in.read();
  }

  /** A knob: the system property, else the environment variable, else the default. */
  private static String setting(String property, String variable, String fallback) {
    String value = System.getProperty(property, System.getenv(variable));
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  /** The collector jar: the first argument, or the one the build left in collector/target. */
  static Path collectorJar(String[] args) throws java.io.IOException {
    if (args.length > 0) {
      return Path.of(args[0]);
    }
    for (Path dir : List.of(Path.of("collector", "target"), Path.of("..", "collector", "target"))) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          Optional<Path> jar = files.filter(p -> p.getFileName().toString().matches("tollgate-collector-[^-]+(-SNAPSHOT)?\\.jar"))
              .findFirst();
          if (jar.isPresent()) {
            return jar.get();
          }
        }
      }
    }
    throw new IllegalStateException("Collector jar not found: build it with ./mvnw install -DskipTests, "
        + "or pass its path as the first argument");
  }
}
