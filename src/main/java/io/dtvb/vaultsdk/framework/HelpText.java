package io.dtvb.vaultsdk.framework;

/** Renders a path's help for {@code vault path-help}. */
final class HelpText {
  private HelpText() {}

  static String forPath(Path p, String requestPath) {
    StringBuilder sb = new StringBuilder();
    sb.append("Request:        ").append(requestPath).append('\n');
    sb.append("Matching Route: ^").append(p.pattern()).append("$\n\n");
    sb.append(p.synopsis()).append("\n");
    if (!p.fields().isEmpty()) {
      sb.append("\n## PARAMETERS\n");
      for (Field f : p.fields()) {
        sb.append("\n").append(f.name()).append(" (").append(f.type().name().toLowerCase()).append(")");
        if (f.required()) {
          sb.append(", required");
        }
        if (f.defaultValue() != null) {
          sb.append(", default: ").append(f.defaultValue());
        }
        sb.append("\n    ").append(f.description()).append('\n');
      }
    }
    if (!p.description().isEmpty()) {
      sb.append("\n## DESCRIPTION\n\n").append(p.description()).append('\n');
    }
    return sb.toString();
  }
}
