package io.dtvb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The sidecar's JVM options have one definition, vault-config/sidecar.jvm-options (a java argument
 * file): every way of starting the sidecar that the repository ships reads that file and none
 * spells the options out again, and docs/deployment.md explains exactly the options the file holds.
 */
class SidecarJvmOptionsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final String OPTIONS_FILE = "vault-config/sidecar.jvm-options";

  /** Each starter and the reference to the file it must carry. */
  private static final Map<String, List<String>> STARTERS = Map.of(
      "scripts/lib/common.sh", List.of("java \"@$DVB_ROOT/vault-config/sidecar.jvm-options\" -jar \"$DVB_JAR\" sidecar"),
      "docker-compose.yml", List.of("[\"java\", \"@/app/sidecar.jvm-options\", \"-jar\", \"/app/dynatrace-vault-bridge.jar\", \"sidecar\""),
      "vault-config/docker/app.Dockerfile", List.of("COPY vault-config/sidecar.jvm-options /app/sidecar.jvm-options"),
      ".dockerignore", List.of("!vault-config/sidecar.jvm-options"),
      "vault-config/systemd/dynatrace-sidecar.service", List.of(
          "install -m 0644 vault-config/sidecar.jvm-options /opt/dynatrace-vault-bridge/sidecar.jvm-options",
          "ExecStart=/usr/bin/java @/opt/dynatrace-vault-bridge/sidecar.jvm-options \\"),
      "README.md", List.of("`java @vault-config/sidecar.jvm-options -jar target/dynatrace-vault-bridge.jar sidecar"),
      "docs/multi-mount.md", List.of("java @sidecar.jvm-options -jar dynatrace-vault-bridge.jar sidecar \\\n  --listen"),
      "docs/deployment.md", List.of("-e JDK_JAVA_OPTIONS=@/app/sidecar.jvm-options \\",
          "command: [\"java\", \"@/app/sidecar.jvm-options\", \"-jar\", \"/app/dynatrace-vault-bridge.jar\"]"));

  private static String read(String relative) throws IOException {
    return Files.readString(ROOT.resolve(relative));
  }

  /** The options of the argument file: its tokens, comments (# to the end of a line) left out. */
  static List<String> options(String argumentFile) {
    List<String> out = new ArrayList<>();
    for (String line : argumentFile.split("\n")) {
      int hash = line.indexOf('#');
      String kept = hash < 0 ? line : line.substring(0, hash);
      out.addAll(Arrays.stream(kept.trim().split("\\s+")).filter(t -> !t.isEmpty()).toList());
    }
    return out;
  }

  /** The "### The sidecar's JVM options" section of docs/deployment.md. */
  private static String optionsSection(String deployment) {
    int start = deployment.indexOf("### The sidecar's JVM options");
    assertTrue(start >= 0, "docs/deployment.md has no section \"The sidecar's JVM options\"");
    int end = deployment.indexOf("\n#", start + 4);
    return deployment.substring(start, end < 0 ? deployment.length() : end);
  }

  @Test
  void theFileHoldsJvmOptionsOnly() throws IOException {
    List<String> options = options(read(OPTIONS_FILE));
    assertFalse(options.isEmpty(), OPTIONS_FILE + " holds no option");
    for (String o : options) {
      assertTrue(o.startsWith("-X") || o.startsWith("-D"), OPTIONS_FILE + ": not a JVM option: " + o);
    }
  }

  @Test
  void everyStarterReadsTheFileAndRepeatsNoOption() throws IOException {
    List<String> options = options(read(OPTIONS_FILE));
    for (Map.Entry<String, List<String>> starter : STARTERS.entrySet()) {
      String text = read(starter.getKey());
      for (String reference : starter.getValue()) {
        assertTrue(text.contains(reference), starter.getKey() + " does not start the sidecar with the options"
            + " file; expected: " + reference);
      }
      String outsideExplanation = starter.getKey().equals("docs/deployment.md")
          ? text.replace(optionsSection(text), "") : text;
      for (String o : options) {
        assertFalse(Pattern.compile("(?<![\\w-])" + Pattern.quote(o) + "(?![\\w=.-])").matcher(outsideExplanation).find(),
            starter.getKey() + " repeats the sidecar option " + o + " instead of reading " + OPTIONS_FILE);
      }
    }
  }

  @Test
  void deploymentDocExplainsExactlyTheFilesOptions() throws IOException {
    String section = optionsSection(read("docs/deployment.md"));
    Set<String> explained = new LinkedHashSet<>();
    // The explanation is a list whose items start with the options they explain, in backquotes.
    Matcher item = Pattern.compile("(?m)^- `([^`]+)`").matcher(section);
    while (item.find()) {
      explained.addAll(Arrays.asList(item.group(1).trim().split("\\s+")));
    }
    assertEquals(new LinkedHashSet<>(options(read(OPTIONS_FILE))), explained,
        "docs/deployment.md (\"The sidecar's JVM options\") must explain exactly the options of " + OPTIONS_FILE);
  }

  @Test
  void commentsAndTokensParseAsTheJavaLauncherReadsThem() {
    assertEquals(List.of("-Xms8m", "-XX:+UseSerialGC"), options("# a comment\n-Xms8m  # why\n\n-XX:+UseSerialGC\n"));
  }
}
