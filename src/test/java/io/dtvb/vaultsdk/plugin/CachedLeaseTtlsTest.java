package io.dtvb.vaultsdk.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtvb.vaultsdk.framework.SystemView;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The mount's lease TTLs are asked of Vault at most once a second; a tune shows within that second. */
class CachedLeaseTtlsTest {
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final AtomicInteger asked = new AtomicInteger();
  private volatile Duration mountMax = Duration.ofHours(24);
  private final SystemView vault = new SystemView() {
    @Override
    public Duration defaultLeaseTtl() {
      asked.incrementAndGet();
      return Duration.ofHours(1);
    }

    @Override
    public Duration maxLeaseTtl() {
      asked.incrementAndGet();
      return mountMax;
    }

    @Override
    public boolean tainted() {
      asked.incrementAndGet();
      return true;
    }

    @Override
    public String serverVersion() {
      asked.incrementAndGet();
      return "1.19.0";
    }
  };
  private final CachedLeaseTtls cached = new CachedLeaseTtls(vault, nanos::get);

  @Test
  void answersWithinASecondComeFromTheFirstQuestion() {
    assertEquals(Duration.ofHours(24), cached.maxLeaseTtl());
    mountMax = Duration.ofHours(2); // a tune
    nanos.addAndGet(CachedLeaseTtls.MAX_AGE.toNanos() - 1);
    assertEquals(Duration.ofHours(24), cached.maxLeaseTtl());
    assertEquals(1, asked.get());
  }

  @Test
  void aTuneShowsOnceTheAnswerIsASecondOld() {
    cached.maxLeaseTtl();
    mountMax = Duration.ofHours(2);
    nanos.addAndGet(CachedLeaseTtls.MAX_AGE.toNanos());
    assertEquals(Duration.ofHours(2), cached.maxLeaseTtl());
    assertEquals(2, asked.get());
  }

  @Test
  void theDefaultIsCachedOnItsOwnAndTheRestIsNeverCached() {
    assertEquals(Duration.ofHours(1), cached.defaultLeaseTtl());
    assertEquals(Duration.ofHours(1), cached.defaultLeaseTtl());
    assertEquals(1, asked.get(), "the default TTL once");
    cached.maxLeaseTtl();
    assertEquals(2, asked.get(), "the maximum has its own entry");
    cached.tainted();
    cached.tainted();
    cached.serverVersion();
    assertEquals(5, asked.get(), "unmount state and version are asked every time");
  }
}
