package dev.tollgate.collector.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.usage.IngestTestData;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class DevModeSeedIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app(c -> c.setDevMode(true));

  @Test
  void devModeSeedsTheDefaultPriceBookIntoAnEmptyTable() {
    IngestTestData data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());

    assertThat(data.count("SELECT count(*) FROM prices")).isGreaterThan(30);
    assertThat(data.count("SELECT count(*) FROM prices WHERE model = 'gpt-4o-mini*'")).isEqualTo(3);
    assertThat(data.count("SELECT count(*) FROM audit_log WHERE action = 'price.seeded'")).isEqualTo(1);
  }
}
