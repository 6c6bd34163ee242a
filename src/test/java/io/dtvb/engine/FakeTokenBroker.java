package io.dtvb.engine;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A test double for the sidecar: records every call, keeps the tokens it minted, forgets its
 * connections on demand (a sidecar restart) and fails the next call of a kind when told to.
 */
final class FakeTokenBroker implements TokenBroker, TokenBrokerFactory {
  private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  /** The broker calls that can be told to fail. */
  enum Call { PUT, VERIFY, MINT, REVOKE, LIST, RENEWED, LEASE_LOG }

  record Push(String connectionId, ConnectionSettings settings) {}

  record Mint(String connectionId, ConnectionSettings settings, MintOrder order) {}

  final List<SidecarEndpoint> endpoints = new ArrayList<>();
  final List<Push> pushes = new ArrayList<>();
  final List<Mint> mints = new ArrayList<>();
  final List<String> revokes = new ArrayList<>();
  final List<String> lists = new ArrayList<>();
  final List<String> renewals = new ArrayList<>();
  /** The audit context of every revoke, rollback and renewal, in order. */
  final List<AuditContext> audits = new ArrayList<>();
  final Map<String, MintedCredential> live = new LinkedHashMap<>();
  final Map<String, String> namesById = new LinkedHashMap<>();
  /** When set, the next mint creates the token but its answer is lost (a retryable failure). */
  boolean loseNextMintResponse;
  int closed;
  Instant expiryCeiling;
  private final Set<String> connections = new HashSet<>();
  private final Map<Call, Deque<UpstreamException>> failures = new LinkedHashMap<>();
  private final SecureRandom random = new SecureRandom();

  @Override
  public TokenBroker create(SidecarEndpoint endpoint) {
    endpoints.add(endpoint);
    return this;
  }

  /** Makes the next call of this kind throw the exception. */
  FakeTokenBroker failNext(Call call, UpstreamException e) {
    failures.computeIfAbsent(call, c -> new ArrayDeque<>()).add(e);
    return this;
  }

  /** Simulates a sidecar restart: it no longer knows any connection. */
  void forgetConnections() {
    connections.clear();
  }

  /** The harness's own minter token, which this fake did not mint. */
  String initialMinterSecret;
  String initialMinterId;
  boolean initialMinterDeleted;

  @Override
  public synchronized void putConnection(String connectionId, ConnectionSettings settings)
      throws UpstreamException {
    maybeFail(Call.PUT);
    if (initialMinterSecret == null && settings.apiToken() != null) {
      initialMinterSecret = settings.apiToken();
      initialMinterId = idOf(initialMinterSecret);
    }
    pushes.add(new Push(connectionId, settings));
    connections.add(connectionId);
  }

  @Override
  public synchronized Map<String, Object> verify(String connectionId, ConnectionSettings settings)
      throws UpstreamException {
    maybeFail(Call.VERIFY);
    requireConnection(connectionId);
    String secret = settings.apiToken();
    if (secret == null) {
      return Map.of("auth_mode", settings.authMode().wireName());
    }
    authenticate(secret);
    String id = idOf(secret);
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("auth_mode", "api_token");
    info.put("token_id", id);
    info.put("name", namesById.getOrDefault(id, "minter"));
    info.put("owner", "minter@example.invalid");
    info.put("scopes", scopesById.getOrDefault(id, List.of("apiTokens.read", "apiTokens.write")));
    info.put("creation_date", "2029-12-01T00:00:00Z");
    MintedCredential m = live.get(id);
    info.put("expiration_date", m != null ? m.expiration().toString() : minterExpiry.toString());
    return info;
  }

  /** Expiry the fake reports for the initial minter token. */
  Instant minterExpiry = Instant.parse("2030-03-01T00:00:00Z");
  /** Secrets of deleted tokens: they no longer authenticate. */
  final Set<String> deadSecrets = new HashSet<>();
  final Map<String, List<String>> scopesById = new LinkedHashMap<>();

  /** A deleted token's secret is refused, as Dynatrace answers 401. */
  private void authenticate(String secret) throws UpstreamException {
    if (secret != null && deadSecrets.contains(secret)) {
      throw UpstreamException.rejected(401, "Authentication failed: the token was deleted");
    }
  }

  static String idOf(String secret) {
    String[] parts = secret.split("\\.");
    return parts.length >= 2 ? parts[0] + "." + parts[1] : secret;
  }

  @Override
  public synchronized MintedCredential mint(String connectionId, ConnectionSettings settings, MintOrder order)
      throws UpstreamException {
    maybeFail(Call.MINT);
    requireConnection(connectionId);
    authenticate(settings.apiToken());
    mints.add(new Mint(connectionId, settings, order));
    String tokenId = "dt0c01." + randomText(24);
    Instant expiry = expiryCeiling != null && expiryCeiling.isBefore(order.expiration())
        ? expiryCeiling : order.expiration();
    MintedCredential minted = new MintedCredential(tokenId, tokenId + "." + randomText(64), expiry);
    live.put(tokenId, minted);
    namesById.put(tokenId, order.name());
    scopesById.put(tokenId, order.scopes());
    if (loseNextMintResponse) {
      loseNextMintResponse = false;
      throw UpstreamException.retryable("sidecar connection reset after the mint", null);
    }
    return minted;
  }

  @Override
  public synchronized RevokeResult revoke(String connectionId, ConnectionSettings settings, String tokenId,
      AuditContext audit) throws UpstreamException {
    maybeFail(Call.REVOKE);
    requireConnection(connectionId);
    authenticate(settings.apiToken());
    if (settings.apiToken() != null && tokenId.equals(idOf(settings.apiToken()))) {
      throw UpstreamException.rejected(400, "You can't delete the token you're using to authenticate the request");
    }
    revokes.add(tokenId);
    audits.add(audit);
    MintedCredential gone = live.remove(tokenId);
    if (gone != null) {
      deadSecrets.add(gone.token());
      return RevokeResult.DELETED;
    }
    if (settings.apiToken() != null && !initialMinterDeleted && tokenId.equals(initialMinterId)) {
      initialMinterDeleted = true;
      deadSecrets.add(initialMinterSecret);
      return RevokeResult.DELETED;
    }
    return RevokeResult.ALREADY_GONE;
  }

  @Override
  public synchronized int revokeByName(String connectionId, ConnectionSettings settings, String tokenName,
      AuditContext audit) throws UpstreamException {
    maybeFail(Call.REVOKE);
    requireConnection(connectionId);
    audits.add(audit);
    List<String> ids = namesById.entrySet().stream().filter(e -> e.getValue().equals(tokenName))
        .map(Map.Entry::getKey).filter(live::containsKey).toList();
    ids.forEach(live::remove);
    return ids.size();
  }

  /** What leaseLog answers, by what; unknown → an empty map. */
  final Map<String, Map<String, Object>> leaseLogAnswers = new LinkedHashMap<>();
  final List<String> leaseLogCalls = new ArrayList<>();

  @Override
  public synchronized Map<String, Object> leaseLog(String what, Map<String, String> query) throws UpstreamException {
    maybeFail(Call.LEASE_LOG);
    leaseLogCalls.add(what + " " + new java.util.TreeMap<>(query));
    return leaseLogAnswers.getOrDefault(what, Map.of());
  }

  @Override
  public synchronized void renewed(String connectionId, ConnectionSettings settings, String tokenId,
      AuditContext audit) throws UpstreamException {
    maybeFail(Call.RENEWED);
    requireConnection(connectionId);
    renewals.add(tokenId);
    audits.add(audit);
  }

  @Override
  public synchronized List<UpstreamToken> listByPrefix(String connectionId, ConnectionSettings settings,
      String namePrefix) throws UpstreamException {
    maybeFail(Call.LIST);
    requireConnection(connectionId);
    lists.add(namePrefix);
    return live.values().stream().filter(m -> namesById.getOrDefault(m.tokenId(), "").startsWith(namePrefix))
        .map(m -> new UpstreamToken(m.tokenId(), namesById.get(m.tokenId()), m.expiration())).toList();
  }

  /** A token created behind the engine's back (as an operator or a lost mint would leave it). */
  synchronized MintedCredential plant(String name) {
    MintedCredential m = new MintedCredential("dt0c01." + randomText(24), "secret-" + randomText(8),
        java.time.Instant.parse("2030-01-02T00:00:00Z"));
    live.put(m.tokenId(), m);
    namesById.put(m.tokenId(), name);
    return m;
  }

  @Override
  public void close() {
    closed++;
  }

  Mint lastMint() {
    return mints.get(mints.size() - 1);
  }

  private void requireConnection(String connectionId) throws UpstreamException {
    if (!connections.contains(connectionId)) {
      throw UpstreamException.unknownConnection(connectionId);
    }
  }

  private void maybeFail(Call call) throws UpstreamException {
    Deque<UpstreamException> queue = failures.get(call);
    if (queue != null && !queue.isEmpty()) {
      throw queue.poll();
    }
  }

  private String randomText(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(UPPER_ALNUM.charAt(random.nextInt(UPPER_ALNUM.length())));
    }
    return sb.toString();
  }
}
