package io.dtvb.engine;

import io.dtvb.vaultsdk.framework.UserError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A role's {@code name_template}: the readable middle of each Dynatrace token name, in the
 * placeholder syntax of Vault's username templates ({@code {{.RoleName}}}, {@code {{random 8}}},
 * {@code {{.DisplayName | truncate 10}}}). The template never decides the whole name: the mount's
 * unique prefix comes first and a random nonce last (see {@link TokenNames}).
 */
final class NameTemplate {
  static final String DEFAULT = "{{.MountPath}}-{{.RoleName}}";
  static final int MAX_TEMPLATE_LENGTH = 200;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}");
  private static final Pattern RANDOM = Pattern.compile("random\\s+(\\d{1,3})");
  private static final Pattern TRUNCATE = Pattern.compile("truncate\\s+(\\d{1,3})");
  private static final char[] ALPHANUMERIC =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
  private static final String FIELD = "name_template";

  /** What a placeholder may refer to when a name is made. */
  record Inputs(String displayName, String entityId, String roleName, String mountPath, Instant now,
      SecureRandom random) {}

  private sealed interface Part permits Literal, Value {}

  private record Literal(String text) implements Part {}

  /** One placeholder: a source and its pipeline of filters. */
  private record Value(String source, int randomLength, List<String> filters, List<Integer> args)
      implements Part {}

  private final String source;
  private final List<Part> parts;

  private NameTemplate(String source, List<Part> parts) {
    this.source = source;
    this.parts = parts;
  }

  String source() {
    return source;
  }

  /** Templates already parsed for mints (a handful per mount: one per role); bounded all the same. */
  private static final java.util.Map<String, NameTemplate> PARSED = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_PARSED = 1024;

  /** The parsed template, parsed once per distinct text (every mint renders its role's template). */
  static NameTemplate of(String template) {
    NameTemplate t = template == null ? null : PARSED.get(template);
    if (t == null) {
      t = parse(template);
      if (PARSED.size() >= MAX_PARSED) {
        PARSED.clear();
      }
      PARSED.put(template, t);
    }
    return t;
  }

  /** Parses a template, or throws a {@link UserError} naming {@code name_template} and the problem. */
  static NameTemplate parse(String template) {
    if (template == null || template.isBlank()) {
      throw invalid("must not be empty (omit it to use the default " + DEFAULT + ")");
    }
    if (template.length() > MAX_TEMPLATE_LENGTH) {
      throw invalid("is longer than " + MAX_TEMPLATE_LENGTH + " characters");
    }
    List<Part> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    int at = 0;
    while (m.find()) {
      literal(parts, template.substring(at, m.start()));
      parts.add(placeholder(m.group(1).strip(), m.group()));
      at = m.end();
    }
    literal(parts, template.substring(at));
    return new NameTemplate(template, List.copyOf(parts));
  }

  private static void literal(List<Part> parts, String text) {
    if (text.contains("{{") || text.contains("}}")) {
      throw invalid("has an unbalanced \"{{\" or \"}}\"");
    }
    if (!text.isEmpty()) {
      parts.add(new Literal(text));
    }
  }

  private static Value placeholder(String body, String raw) {
    String[] stages = body.split("\\|", -1);
    String head = stages[0].strip();
    int randomLength = 0;
    Matcher random = RANDOM.matcher(head);
    if (random.matches()) {
      randomLength = Integer.parseInt(random.group(1));
      if (randomLength < 1 || randomLength > 32) {
        throw invalid(raw + ": random takes a length from 1 to 32");
      }
      head = "random";
    } else if (!List.of(".DisplayName", ".EntityIDHash", ".RoleName", ".MountPath", "unix_time").contains(head)) {
      throw invalid("unknown placeholder " + raw + " (use .DisplayName, .EntityIDHash, .RoleName,"
          + " .MountPath, unix_time or random N, optionally piped to truncate N, lowercase or uppercase)");
    }
    List<String> filters = new ArrayList<>();
    List<Integer> args = new ArrayList<>();
    for (int i = 1; i < stages.length; i++) {
      String stage = stages[i].strip();
      Matcher truncate = TRUNCATE.matcher(stage);
      if (truncate.matches()) {
        int n = Integer.parseInt(truncate.group(1));
        if (n < 1) {
          throw invalid(raw + ": truncate takes a length of at least 1");
        }
        filters.add("truncate");
        args.add(n);
      } else if (stage.equals("lowercase") || stage.equals("uppercase")) {
        filters.add(stage);
        args.add(0);
      } else {
        throw invalid(raw + ": unknown filter \"" + stage + "\" (use truncate N, lowercase or uppercase)");
      }
    }
    return new Value(head, randomLength, List.copyOf(filters), List.copyOf(args));
  }

  /** The rendered text, reduced to the characters a token name keeps (letters, digits, '.', '_', '-'). */
  String render(Inputs in) {
    StringBuilder out = new StringBuilder();
    for (Part p : parts) {
      out.append(p instanceof Literal l ? l.text() : value((Value) p, in));
    }
    return TokenNames.clean(out.toString());
  }

  private static String value(Value v, Inputs in) {
    String s = switch (v.source()) {
      case ".DisplayName" -> orEmpty(in.displayName());
      case ".EntityIDHash" -> entityHash(in.entityId());
      case ".RoleName" -> orEmpty(in.roleName());
      case ".MountPath" -> TokenNames.slug(in.mountPath());
      case "unix_time" -> Long.toString(in.now().getEpochSecond());
      case "random" -> random(in.random(), v.randomLength());
      default -> throw new IllegalStateException(v.source());
    };
    for (int i = 0; i < v.filters().size(); i++) {
      int n = v.args().get(i);
      s = switch (v.filters().get(i)) {
        case "truncate" -> s.length() > n ? s.substring(0, n) : s;
        case "lowercase" -> s.toLowerCase(Locale.ROOT);
        case "uppercase" -> s.toUpperCase(Locale.ROOT);
        default -> throw new IllegalStateException(v.filters().get(i));
      };
    }
    return s;
  }

  /** First 8 hex digits of the SHA-256 of the entity id; "noentity" when the request has none. */
  static String entityHash(String entityId) {
    if (entityId == null || entityId.isEmpty()) {
      return "noentity";
    }
    return sha256Hex(entityId).substring(0, 8);
  }

  static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  private static String random(SecureRandom random, int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
    }
    return new String(out);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static UserError invalid(String problem) {
    return UserError.invalidField(FIELD, problem);
  }
}
