package io.dtvb.engine;

import io.dtvb.vaultsdk.framework.Field;
import io.dtvb.vaultsdk.framework.FieldData;
import io.dtvb.vaultsdk.framework.FieldType;
import io.dtvb.vaultsdk.framework.Operation;
import io.dtvb.vaultsdk.framework.Path;
import io.dtvb.vaultsdk.framework.Request;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.UserError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code lease-log/...} endpoints: the sidecar's signed lease log read through Vault, so that
 * access is governed by Vault policies and recorded by Vault's audit devices. Reads only.
 */
final class LeaseLogPath {
  /** Most entries one read returns (page with start/end). */
  static final long MAX_ENTRIES = 1000;

  private final EngineContext ctx;

  LeaseLogPath(EngineContext ctx) {
    this.ctx = ctx;
  }

  List<Path> paths() {
    Path checkpoint = Path.builder("lease-log/checkpoint")
        .operation(Operation.READ, (req, d) -> read(req, "checkpoint", Map.of()), "Latest signed checkpoint.")
        .help("The lease log's latest signed checkpoint.", CHECKPOINT_HELP)
        .build();
    Path publicKey = Path.builder("lease-log/public-key")
        .operation(Operation.READ, (req, d) -> read(req, "public-key", Map.of()), "The log's verifier key.")
        .help("The lease log's public (verifier) key.", PUBLIC_KEY_HELP)
        .build();
    Path entries = Path.builder("lease-log/entries")
        .fields(Field.of("start", FieldType.INT, "First entry index (0-based).").defaultValue(0),
            Field.of("end", FieldType.INT, "One past the last index; default start+100, at most start+1000."))
        .operation(Operation.READ, this::entries, "A range of log entries.")
        .help("A range of lease log entries.", ENTRIES_HELP)
        .build();
    Path inclusion = Path.builder("lease-log/proof/inclusion")
        .fields(Field.of("index", FieldType.INT, "Entry index.").asRequired(),
            Field.of("tree_size", FieldType.INT, "Tree size of the checkpoint to prove against.").asRequired())
        .operation(Operation.READ, this::inclusion, "Inclusion proof of one entry.")
        .help("An RFC 6962 inclusion proof.", PROOF_HELP)
        .build();
    Path consistency = Path.builder("lease-log/proof/consistency")
        .fields(Field.of("first", FieldType.INT, "Older tree size.").asRequired(),
            Field.of("second", FieldType.INT, "Newer tree size.").asRequired())
        .operation(Operation.READ, this::consistency, "Consistency proof between two tree sizes.")
        .help("An RFC 6962 consistency proof.", PROOF_HELP)
        .build();
    Path export = Path.builder("lease-log/export")
        .operation(Operation.READ, (req, d) -> read(req, "export", Map.of("format", "json")),
            "The whole log with a checkpoint.")
        .help("Export the whole lease log for offline verification.", EXPORT_HELP)
        .build();
    return List.of(checkpoint, publicKey, entries, inclusion, consistency, export);
  }

  private Response entries(Request req, FieldData data) {
    long start = nonNegative(data, "start");
    long end = data.has("end") ? nonNegative(data, "end") : start + 100;
    if (end < start) {
      throw UserError.invalidField("end", "must not be less than start (" + start + ")");
    }
    if (end - start > MAX_ENTRIES) {
      throw UserError.invalidField("end", "at most " + MAX_ENTRIES + " entries per read; page with start");
    }
    return read(req, "entries", Map.of("start", Long.toString(start), "end", Long.toString(end)));
  }

  private Response inclusion(Request req, FieldData data) {
    long index = nonNegative(data, "index");
    long size = nonNegative(data, "tree_size");
    if (index >= size) {
      throw UserError.invalidField("index", "must be less than tree_size (" + size + ")");
    }
    return read(req, "inclusion", Map.of("index", Long.toString(index), "tree_size", Long.toString(size)));
  }

  private Response consistency(Request req, FieldData data) {
    long first = nonNegative(data, "first");
    long second = nonNegative(data, "second");
    if (first > second) {
      throw UserError.invalidField("first", "must not be greater than second (" + second + ")");
    }
    return read(req, "consistency", Map.of("first", Long.toString(first), "second", Long.toString(second)));
  }

  private Response read(Request req, String what, Map<String, String> query) {
    ConfigEntry config = ConfigPath.load(req.storage()).orElseThrow(ConfigPath::notConfigured);
    try {
      return Response.of(new LinkedHashMap<>(ctx.upstream().on(config).leaseLog(what, query)));
    } catch (UpstreamException e) {
      throw UpstreamErrors.toVault(UpstreamErrors.Answer.REQUEST, "could not read the lease log from the sidecar",
          e, null, config.secrets());
    }
  }

  private static long nonNegative(FieldData data, String field) {
    long v = data.getInt(field);
    if (v < 0) {
      throw UserError.invalidField(field, "must be 0 or more");
    }
    return v;
  }

  private static final String CHECKPOINT_HELP = """
      The sidecar signs the lease log's tree head (size and RFC 6962 root) with its Ed25519 key
      in the C2SP checkpoint format (a signed note). Keep checkpoints over time: a later
      checkpoint must be consistent with every earlier one (lease-log/proof/consistency), which
      proves that no entry was changed or removed in between.""";

  private static final String PUBLIC_KEY_HELP = """
      The verifier key of the lease log's signing key, in the signed-note verifier format
      (<name>+<key id>+<base64 key>). Pin it once; lease-log verify checks exports against it.""";

  private static final String ENTRIES_HELP = """
      Entries [start, end) of the lease log, at most 1000 per read, each a canonical JSON record of
      one upstream action (minted, renewed, revoked, already_gone, rolled_back, swept,
      mint_failed, revoke_failed, rotated_root) with its Vault context. Never a token value.""";

  private static final String PROOF_HELP = """
      RFC 6962 Merkle proofs against a tree size that a signed checkpoint commits to: inclusion
      (this entry is in that tree) and consistency (the newer tree extends the older one).""";

  private static final String EXPORT_HELP = """
      The whole lease log and a signed checkpoint over it, for offline verification with
      `java -jar dynatrace-vault-bridge.jar lease-log verify`. Large logs are better exported from
      the sidecar directly (see docs/auditor-guide.md).""";
}
