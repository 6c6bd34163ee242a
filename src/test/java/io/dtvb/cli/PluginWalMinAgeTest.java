package io.dtvb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtvb.vaultsdk.framework.Backend;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** DVB_WAL_MIN_AGE: shortens the rollback age for tests; anything unreadable keeps Vault's 10 minutes. */
class PluginWalMinAgeTest {

  @Test
  void unsetKeepsTheDefault() {
    assertEquals(Backend.DEFAULT_WAL_MIN_AGE, PluginEngine.walMinAge(null));
    assertEquals(Backend.DEFAULT_WAL_MIN_AGE, PluginEngine.walMinAge(" "));
  }

  @Test
  void aDurationOfAtLeastOneSecondIsUsed() {
    assertEquals(Duration.ofSeconds(5), PluginEngine.walMinAge("5s"));
    assertEquals(Duration.ofMinutes(2), PluginEngine.walMinAge("120"));
  }

  @Test
  void unreadableOrTooShortValuesKeepTheDefault() {
    assertEquals(Backend.DEFAULT_WAL_MIN_AGE, PluginEngine.walMinAge("soon"));
    assertEquals(Backend.DEFAULT_WAL_MIN_AGE, PluginEngine.walMinAge("0"));
    assertEquals(Backend.DEFAULT_WAL_MIN_AGE, PluginEngine.walMinAge("-5s"));
  }
}
