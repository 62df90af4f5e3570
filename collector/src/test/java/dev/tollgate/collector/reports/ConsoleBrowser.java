package dev.tollgate.collector.reports;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven through /usr/bin/chromedriver: nothing is downloaded at test time.
 * When either is missing the tests using it are skipped, saying which and how to install it.
 */
final class ConsoleBrowser implements AutoCloseable {

  /** Debian's paths; {@code -Dtollgate.chromium=...} and {@code -Dtollgate.chromedriver=...} point elsewhere. */
  static final Path CHROMIUM = Path.of(System.getProperty("tollgate.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("tollgate.chromedriver", "/usr/bin/chromedriver"));
  /** Where the tests leave a screenshot of each page, for docs/console.md. */
  static final Path SCREENSHOTS = Path.of(System.getProperty("tollgate.console.screenshots", "target/console-screenshots"));

  final ChromeDriver driver;
  private final Path profile;

  private ConsoleBrowser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /**
   * Why the browser tests cannot run here (Chromium or chromedriver missing, naming which and how
   * to install it), or empty when they can.
   */
  static java.util.Optional<String> missing() {
    for (Path required : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(required)) {
        return java.util.Optional.of("Browser tests skipped: " + required + " is missing (install Debian's "
            + "chromium and chromium-driver: apt-get install -y chromium chromium-driver)");
      }
    }
    return java.util.Optional.empty();
  }

  static ConsoleBrowser start() {
    try {
      Path profile = Files.createTempDirectory("tollgate-chromium-");
      ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
          "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + profile);
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().window().setSize(new Dimension(1280, 1000));
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      return new ConsoleBrowser(driver, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void open(String url) {
    driver.get(url);
  }

  /**
   * Clicks what loads another page (a link, a form's button) and waits, up to 10 s, until that
   * page replaced this one and finished loading: a click alone does not wait for the navigation.
   */
  void clickAndWait(By target) {
    WebElement before = driver.findElement(By.tagName("html"));
    driver.findElement(target).click();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!(stale(before) && loaded())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("clicking " + target + " loaded no new page within 10 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** The old page's root is gone: Chromium says so as a stale reference, or as "does not belong to the document". */
  private static boolean stale(WebElement element) {
    try {
      element.getTagName();
      return false;
    } catch (StaleElementReferenceException gone) {
      return true;
    } catch (WebDriverException gone) {
      if (String.valueOf(gone.getMessage()).contains("does not belong to the document")) {
        return true;
      }
      throw gone;
    }
  }

  private boolean loaded() {
    try {
      return "complete".equals(driver.executeScript("return document.readyState"));
    } catch (WebDriverException stillNavigating) {
      return false;
    }
  }

  /** The cells of a table's body rows, as text; an empty table has none. */
  List<List<String>> table(String id) {
    List<List<String>> rows = new ArrayList<>();
    for (WebElement row : driver.findElements(By.cssSelector("#" + id + " tbody tr"))) {
      // An empty table's one cell (class "empty") says what to do; it is not a row of figures.
      if (!row.findElements(By.cssSelector("td.empty")).isEmpty()) {
        continue;
      }
      List<String> cells = new ArrayList<>();
      row.findElements(By.tagName("td")).forEach(td -> cells.add(td.getText()));
      rows.add(cells);
    }
    return rows;
  }

  List<String> headers(String id) {
    return driver.findElements(By.cssSelector("#" + id + " thead th")).stream().map(WebElement::getText).toList();
  }

  /** Signs in on the console at {@code base} with {@code key} (the page it lands on is loaded). */
  void signIn(String base, String key) {
    open(base + "/console/login");
    driver.findElement(By.id("api_key")).sendKeys(key);
    clickAndWait(By.id("sign-in"));
  }

  /** Fails when a script opened an alert: a name with markup in it ran instead of showing as text. */
  void assertNoAlert() {
    try {
      driver.switchTo().alert();
      throw new AssertionError("a script in a name ran");
    } catch (org.openqa.selenium.NoAlertPresentException expected) {
      // The name was shown as text.
    }
  }

  String cookie() {
    return driver.manage().getCookieNamed("tollgate_console").getValue();
  }

  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
