package dev.tollgate.collector.minting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Minted keys with scopes ({@code minting.keyScopes}): the collector gives the team's service
 * account a key with the configured scopes and deletes the unscoped key it came with, so the
 * leased key can do only what the scopes allow. Two dev-mode collectors, each with its own
 * simulated provider (which serves the model endpoints to a scoped key only with
 * {@code api.model.request}).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ScopedMintingIT {

  static final DropwizardAppExtension<TollgateConfiguration> MODEL_SCOPED = app(List.of("api.model.request"));
  static final DropwizardAppExtension<TollgateConfiguration> FILES_ONLY = app(List.of("api.files.read"));

  private static DropwizardAppExtension<TollgateConfiguration> app(List<String> scopes) {
    return TestApps.app(c -> {
      c.setDevMode(true);
      c.setDevMockLatency("off");
      c.setClientSecretHashIterations(1000);
      c.getMinting().setReaperEnabled(false);
      c.getMinting().setKeyScopes(scopes);
    });
  }

  @Test
  void aKeyScopedToModelRequestsServesTheTeamsCalls() {
    MintingWorld world = new MintingWorld(MODEL_SCOPED, MintingWorld.mockOf(MODEL_SCOPED));
    MintingWorld.Team team = world.team(world.providerKey(MintingWorld.mockOf(MODEL_SCOPED)));

    MintingWorld.Lease lease = world.lease(team);

    assertThat(lease.apiKey()).startsWith("sk-svcacct-");
    assertThat(world.call(lease.apiKey())).isEqualTo(200);
    assertThat(world.states(team.id())).containsExactly("active");
  }

  /** Proves the leased key is the scoped one: the account's unscoped key would have been served. */
  @Test
  void aKeyWithoutTheModelScopeIsRefusedByTheProvider() {
    MintingWorld world = new MintingWorld(FILES_ONLY, MintingWorld.mockOf(FILES_ONLY));
    MintingWorld.Team team = world.team(world.providerKey(MintingWorld.mockOf(FILES_ONLY)));

    MintingWorld.Lease lease = world.lease(team);

    assertThat(world.call(lease.apiKey())).isEqualTo(401);
  }
}
