package io.dtvb.leaselog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.dtvb.testing.Seeded;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** For every log size and every entry, verification accepts the export and names the entry that was tampered with. */
class LogVerifierPropertiesTest {
  static final LogKey KEY = LogKey.generate("props");

  static List<String> export(int n, List<String> checkpoints) throws Exception {
    LeaseLog log = new LeaseLog(new MemoryLogStore(), KEY, KEY.name());
    checkpoints.add(log.checkpoint().note());
    for (int i = 0; i < n; i++) {
      log.append(Events.sample(i));
      checkpoints.add(log.checkpoint().note());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    log.export(out);
    return new ArrayList<>(List.of(out.toString(StandardCharsets.UTF_8).split("\n")));
  }

  static LogVerifier.Result verify(List<String> lines, String trusted) throws Exception {
    byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    return new LogVerifier(KEY.verifier()).verify(new ByteArrayInputStream(bytes), trusted, n -> {});
  }

  static Stream<Arguments> sizesFromZero() {
    return Seeded.cases(30, Seeded.ints(0, 40));
  }

  static Stream<Arguments> sizesFromOne() {
    return Seeded.cases(30, Seeded.ints(1, 40));
  }

  @ParameterizedTest
  @MethodSource("sizesFromZero")
  void everyExportVerifiesAndExtendsEachOfItsOlderCheckpoints(int n) throws Exception {
    List<String> checkpoints = new ArrayList<>();
    List<String> lines = export(n, checkpoints);
    for (String older : checkpoints) {
      assertEquals(n, assertInstanceOf(LogVerifier.Ok.class, verify(lines, older)).size());
    }
  }

  @ParameterizedTest
  @MethodSource("sizesFromOne")
  void everyDroppedSwappedOrAlteredEntryIsNamed(int n) throws Exception {
    List<String> lines = export(n, new ArrayList<>());
    for (int k = 0; k < n; k++) {
      List<String> dropped = new ArrayList<>(lines);
      dropped.remove(k + 1);
      assertEquals(k, failure(dropped).index(), "drop " + k + " of " + n);

      List<String> altered = new ArrayList<>(lines);
      altered.set(k + 1, lines.get(k + 1).replace("\"reason\":\"", "\"reason\":\"!"));
      assertEquals(k, failure(altered).index(), "alter " + k + " of " + n);

      if (k + 1 < n) {
        List<String> swapped = new ArrayList<>(lines);
        Collections.swap(swapped, k + 1, k + 2);
        assertEquals(k, failure(swapped).index(), "swap " + k + " of " + n);
      }
    }
  }

  static LogVerifier.Failure failure(List<String> lines) throws Exception {
    return assertInstanceOf(LogVerifier.Failure.class, verify(lines, null));
  }
}
