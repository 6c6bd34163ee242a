package io.dtvb.engine;

import io.dtvb.sidecarapi.AccountInfo;
import io.dtvb.sidecarapi.ConnectionInfo;
import io.dtvb.sidecarapi.ConnectionSettings;
import io.dtvb.sidecarapi.CredentialInfo;
import io.dtvb.sidecarapi.DeleteResult;
import io.dtvb.sidecarapi.LeaseContext;
import io.dtvb.sidecarapi.ListedToken;
import io.dtvb.sidecarapi.MintRequest;
import io.dtvb.sidecarapi.MintedCredential;
import io.dtvb.sidecarapi.MinterRequest;
import io.dtvb.sidecarapi.RollbackRequest;
import io.dtvb.sidecarapi.TokenAction;
import io.dtvb.sidecarapi.TokenType;
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
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double for the sidecar behind {@link SidecarClient}: records every call, keeps the tokens
 * it minted and the live settings of each connection, verifies candidates without touching them,
 * forgets its connections on demand (a sidecar restart; the bound connection pushes again, as
 * {@link HttpSidecarClient} does) and fails the next call of a kind when told to. Platform mints
 * (lease.token_type=platform) need the account side and make {@code dt0s16.} tokens whose expiry
 * a {@code renewed} with {@code expiration_date} moves; verify answers the account check with
 * {@link #accountLimits}.
 */
final class FakeSidecar implements SidecarClient, SidecarClient.Factory {
  private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  /** The calls that can be told to fail (VERIFY covers candidates; MINT the minter; REVOKE every delete). */
  enum Call { PUT, VERIFY, MINT, REVOKE, LIST, RENEWED, LEASE_LOG }

  record Push(String connectionId, ConnectionSettings settings) {}

  /** One mint as the sidecar received it. */
  record Mint(String connectionId, ConnectionSettings settings, MintRequest request) {
    /** The request in the old order shape (kept for the property tests still on it). */
    Order order() {
      return new Order(request.name(), request.scopes(), request.expirationDate(), request.personalAccessToken(),
          request.lease());
    }
  }

  /** What a mint asked for. */
  record Order(String name, List<String> scopes, Instant expiration, boolean personalAccessToken,
      LeaseContext context) {}

  /** One delete or record call: which operation, on which token (or name), with what body. */
  record Action(String operation, String target, LeaseContext lease, String reason, Instant expirationDate) {
    Action(String operation, String target, LeaseContext lease, String reason) {
      this(operation, target, lease, reason, null);
    }
  }

  /** The account limits verify reports (null: Dynatrace did not let the client read them). */
  volatile List<AccountInfo.Limit> accountLimits = List.of(new AccountInfo.Limit(AccountInfo.PER_USER, 50, 3),
      new AccountInfo.Limit(AccountInfo.PER_SERVICE_USER, 100, 0),
      new AccountInfo.Limit(AccountInfo.PER_ACCOUNT, 50000, 3));
  /** The owner verify reports for the account client's tokens. */
  volatile String accountOwner = "4f8d2c3e-1b2a-4c5d-9e8f-0a1b2c3d4e5f";
  /** What verify reports as classic_token_creation (null: nothing known). */
  volatile String classicTokenCreation;
  /** When set, every renewed call fails with it (a switch; failNext fails only the next one). */
  volatile UpstreamException renewedFailure;
  /** Listed whatever the prefix (a sidecar whose search also matched another field, e.g. createdBy). */
  final List<ListedToken> alsoListed = new CopyOnWriteArrayList<>();
  /** The kind of each token this fake made or planted. */
  final Map<String, TokenType> typesById = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

  final List<SidecarEndpoint> endpoints = new ArrayList<>();
  final List<Push> pushes = new CopyOnWriteArrayList<>();
  /** Every settings object that carried a credential to the sidecar (pushes and candidates), in order. */
  final List<ConnectionSettings> credentialCalls = new CopyOnWriteArrayList<>();
  final List<ConnectionSettings> candidates = new CopyOnWriteArrayList<>();
  final List<Mint> mints = new CopyOnWriteArrayList<>();
  final List<String> revokes = new CopyOnWriteArrayList<>();
  final List<String> lists = new CopyOnWriteArrayList<>();
  final List<String> renewals = new CopyOnWriteArrayList<>();
  /** Every delete, rollback and renewal body, in order. */
  final List<Action> audits = new CopyOnWriteArrayList<>();
  final Map<String, MintedCredential> live = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
  final Map<String, String> namesById = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
  /** When set, the next mint creates the token but its answer is lost (a retryable failure). */
  volatile boolean loseNextMintResponse;
  /** Runs inside every mint after the token exists and before the answer (slow or late answers). */
  volatile Runnable duringMint = () -> { };
  /** Runs inside every minter mint before the token exists (races). */
  volatile Runnable duringMinterMint = () -> { };
  int closed;
  Instant expiryCeiling;
  private final Map<String, ConnectionSettings> connections = new LinkedHashMap<>();
  private final Map<Call, Deque<UpstreamException>> failures = new LinkedHashMap<>();
  private final SecureRandom random = new SecureRandom();

  /** The harness's own minter token, which this fake did not mint. */
  String initialMinterSecret;
  String initialMinterId;
  boolean initialMinterDeleted;
  /** Expiry the fake reports for the initial minter token. */
  Instant minterExpiry = Instant.parse("2030-03-01T00:00:00Z");
  /** Secrets of deleted tokens: they no longer authenticate. */
  final Set<String> deadSecrets = java.util.Collections.synchronizedSet(new HashSet<>());
  final Map<String, List<String>> scopesById = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
  /** Ids of minter tokens made by mintMinter. */
  final Set<String> minterIds = java.util.Collections.synchronizedSet(new HashSet<>());
  /** What leaseLog answers, by what; unknown → an empty map. */
  final Map<String, Map<String, Object>> leaseLogAnswers = new LinkedHashMap<>();
  final List<String> leaseLogCalls = new CopyOnWriteArrayList<>();

  @Override
  public synchronized SidecarClient create(SidecarEndpoint endpoint) {
    endpoints.add(endpoint);
    return this;
  }

  @Override
  public SidecarConnection connection(String connectionId, ConnectionSettings settings) {
    return new Bound(connectionId, settings);
  }

  /** Makes the next call of this kind throw the exception. */
  synchronized FakeSidecar failNext(Call call, UpstreamException e) {
    failures.computeIfAbsent(call, c -> new ArrayDeque<>()).add(e);
    return this;
  }

  /** Simulates a sidecar restart: it no longer knows any connection. */
  synchronized void forgetConnections() {
    connections.clear();
  }

  /** The settings the sidecar holds live for a connection, or null. */
  synchronized ConnectionSettings liveSettings(String connectionId) {
    return connections.get(connectionId);
  }

  /** True when some call carried this secret to the sidecar. */
  boolean sawCredential(String secret) {
    return credentialCalls.stream().anyMatch(s -> s.secrets().contains(secret));
  }

  /** Tokens minted by mintMinter that are still live. */
  List<String> liveMinters() {
    synchronized (minterIds) {
      return minterIds.stream().filter(live::containsKey).toList();
    }
  }

  /** A platform token created behind the engine's back, expiring at {@code expiry}. */
  synchronized MintedCredential plantPlatform(String name, Instant expiry) {
    String id = TokenType.PLATFORM_PREFIX + randomText(8);
    MintedCredential m = new MintedCredential(id, id + "." + randomText(64), expiry);
    live.put(id, m);
    namesById.put(id, name);
    typesById.put(id, TokenType.PLATFORM);
    return m;
  }

  /** The kind of a token this fake knows (classic unless it made or planted a platform token). */
  TokenType typeOf(String tokenId) {
    return typesById.getOrDefault(tokenId, TokenType.CLASSIC);
  }

  /** The renewals that moved a token's expiry, in order. */
  List<Action> expiryMoves() {
    return audits.stream().filter(a -> a.operation().equals("renewed") && a.expirationDate() != null).toList();
  }

  /** A token created behind the engine's back (as an operator or a lost mint would leave it). */
  synchronized MintedCredential plant(String name) {
    MintedCredential m = new MintedCredential("dt0c01." + randomText(24), "secret-" + randomText(8),
        Instant.parse("2030-01-02T00:00:00Z"));
    live.put(m.tokenId(), m);
    namesById.put(m.tokenId(), name);
    return m;
  }

  @Override
  public synchronized void close() {
    closed++;
  }

  Mint lastMint() {
    return mints.get(mints.size() - 1);
  }

  static String idOf(String secret) {
    String[] parts = secret.split("\\.");
    return parts.length >= 2 ? parts[0] + "." + parts[1] : secret;
  }

  // --- the sidecar's side of each call ---

  private synchronized ConnectionInfo put(String id, ConnectionSettings settings) throws UpstreamException {
    maybeFail(Call.PUT);
    credentialCalls.add(settings);
    if (initialMinterSecret == null && settings.apiToken() != null) {
      initialMinterSecret = settings.apiToken();
      initialMinterId = idOf(initialMinterSecret);
    }
    pushes.add(new Push(id, settings));
    connections.put(id, settings);
    return new ConnectionInfo(id, settings.authMode().wireName(), settings.environmentUrl(),
        settings.credentialFingerprint(), settings.fingerprint());
  }

  private synchronized CredentialInfo verify(String id, ConnectionSettings settings) throws UpstreamException {
    maybeFail(Call.VERIFY);
    requireConnection(id, settings);
    return describe(settings);
  }

  private synchronized CredentialInfo verifyCandidate(ConnectionSettings candidate) throws UpstreamException {
    credentialCalls.add(candidate);
    candidates.add(candidate);
    maybeFail(Call.VERIFY);
    return describe(candidate);
  }

  private CredentialInfo describe(ConnectionSettings settings) throws UpstreamException {
    CredentialInfo classic = describeClassic(settings);
    if (!settings.hasAccount()) {
      return classicTokenCreation == null ? classic : classic.with(null, classicTokenCreation);
    }
    long platform = typesById.values().stream().filter(t -> t == TokenType.PLATFORM).count();
    return classic.with(new AccountInfo(settings.accountUuid(), settings.accountClientId(), accountOwner,
        (int) platform, accountLimits, null), classicTokenCreation);
  }

  private CredentialInfo describeClassic(ConnectionSettings settings) throws UpstreamException {
    String secret = settings.apiToken();
    if (secret == null) {
      return new CredentialInfo(settings.authMode().wireName(), null, null, null, null, null, null,
          settings.oauthClientId(), 0, null);
    }
    authenticate(secret);
    String id = idOf(secret);
    MintedCredential m = live.get(id);
    return new CredentialInfo("api_token", id, namesById.getOrDefault(id, "minter"), "minter@example.invalid",
        scopesById.getOrDefault(id, List.of("apiTokens.read", "apiTokens.write")),
        Instant.parse("2029-12-01T00:00:00Z"), m != null ? m.expiration() : minterExpiry, null, live.size(), null);
  }

  private MintedCredential mint(String id, ConnectionSettings settings, MintRequest order) throws UpstreamException {
    MintedCredential minted;
    synchronized (this) {
      maybeFail(Call.MINT);
      requireConnection(id, settings);
      if (order.tokenType() == TokenType.PLATFORM && !settings.hasAccount()) {
        throw UpstreamException.invalid("account_uuid: the connection has no account side for platform tokens");
      }
      if (order.tokenType() == TokenType.CLASSIC && !settings.hasClassicMinter()) {
        throw UpstreamException.invalid("auth_mode: the connection has no classic minter (none)");
      }
      authenticate(settings.apiToken());
      mints.add(new Mint(id, settings, order));
      Instant expiry = expiryCeiling != null && expiryCeiling.isBefore(order.expirationDate())
          ? expiryCeiling : order.expirationDate();
      minted = create(order.name(), order.scopes(), expiry, order.tokenType());
    }
    duringMint.run();
    if (loseNextMintResponse) {
      loseNextMintResponse = false;
      throw UpstreamException.retryable("sidecar connection reset after the mint", null);
    }
    return minted;
  }

  private MintedCredential mintMinter(String id, ConnectionSettings settings, MinterRequest order)
      throws UpstreamException {
    duringMinterMint.run();
    synchronized (this) {
      maybeFail(Call.MINT);
      requireConnection(id, settings);
      authenticate(settings.apiToken());
      List<String> scopes = scopesById.getOrDefault(idOf(settings.apiToken()), List.of("apiTokens.read", "apiTokens.write"));
      MintedCredential m = create(order.name(), scopes, order.expirationDate(), TokenType.CLASSIC);
      minterIds.add(m.tokenId());
      return m;
    }
  }

  private MintedCredential create(String name, List<String> scopes, Instant expiry, TokenType type) {
    String tokenId = type == TokenType.PLATFORM ? TokenType.PLATFORM_PREFIX + randomText(8) : "dt0c01." + randomText(24);
    MintedCredential minted = new MintedCredential(tokenId, tokenId + "." + randomText(64), expiry);
    live.put(tokenId, minted);
    namesById.put(tokenId, name);
    scopesById.put(tokenId, scopes);
    typesById.put(tokenId, type);
    return minted;
  }

  private synchronized DeleteResult delete(String op, String id, ConnectionSettings settings, String tokenId,
      TokenAction action) throws UpstreamException {
    maybeFail(Call.REVOKE);
    requireConnection(id, settings);
    authenticate(settings.apiToken());
    if (settings.apiToken() != null && tokenId.equals(idOf(settings.apiToken()))) {
      throw UpstreamException.rejected(400, "You can't delete the token you're using to authenticate the request");
    }
    revokes.add(tokenId);
    audits.add(new Action(op, tokenId, action.lease(), action.reason()));
    MintedCredential gone = live.remove(tokenId);
    if (gone != null) {
      deadSecrets.add(gone.token());
      return DeleteResult.DELETED;
    }
    if (settings.apiToken() != null && !initialMinterDeleted && tokenId.equals(initialMinterId)) {
      initialMinterDeleted = true;
      deadSecrets.add(initialMinterSecret);
      return DeleteResult.DELETED;
    }
    return DeleteResult.ALREADY_GONE;
  }

  private synchronized int revokeByName(String id, ConnectionSettings settings, RollbackRequest request)
      throws UpstreamException {
    maybeFail(Call.REVOKE);
    requireConnection(id, settings);
    audits.add(new Action("revoke_by_name", request.name(), request.lease(), request.reason()));
    List<String> ids;
    synchronized (namesById) {
      ids = namesById.entrySet().stream().filter(e -> e.getValue().equals(request.name()))
          .map(Map.Entry::getKey).filter(live::containsKey).toList();
    }
    ids.forEach(live::remove);
    return ids.size();
  }

  private synchronized void renewed(String id, ConnectionSettings settings, String tokenId, TokenAction action)
      throws UpstreamException {
    maybeFail(Call.RENEWED);
    requireConnection(id, settings);
    if (renewedFailure != null) {
      throw renewedFailure;
    }
    if (action.expirationDate() != null) {
      if (typeOf(tokenId) != TokenType.PLATFORM) {
        throw UpstreamException.invalid("expiration_date: a classic token's expiry cannot be moved");
      }
      MintedCredential m = live.get(tokenId);
      if (m == null) {
        throw UpstreamException.invalid("not_found: no live token " + tokenId);
      }
      live.put(tokenId, new MintedCredential(m.tokenId(), m.token(), action.expirationDate()));
    }
    renewals.add(tokenId);
    audits.add(new Action("renewed", tokenId, action.lease(), action.reason(), action.expirationDate()));
  }

  private synchronized List<ListedToken> listByPrefix(String id, ConnectionSettings settings, String prefix)
      throws UpstreamException {
    maybeFail(Call.LIST);
    requireConnection(id, settings);
    lists.add(prefix);
    List<ListedToken> out = new ArrayList<>();
    synchronized (live) {
      live.values().stream().filter(m -> namesById.getOrDefault(m.tokenId(), "").startsWith(prefix))
          .map(m -> new ListedToken(m.tokenId(), namesById.get(m.tokenId()), null, m.expiration(),
              typeOf(m.tokenId()))).forEach(out::add);
    }
    out.addAll(alsoListed);
    return out;
  }

  private synchronized Map<String, Object> leaseLog(String what, Map<String, String> query)
      throws UpstreamException {
    maybeFail(Call.LEASE_LOG);
    leaseLogCalls.add(what + " " + new java.util.TreeMap<>(query));
    return leaseLogAnswers.getOrDefault(what, Map.of());
  }

  /** A deleted token's secret is refused, as Dynatrace answers 401. */
  private void authenticate(String secret) throws UpstreamException {
    if (secret != null && deadSecrets.contains(secret)) {
      throw UpstreamException.rejected(401, "Authentication failed: the token was deleted");
    }
  }

  /** The sidecar knows the connection only with exactly these settings (else: push again). */
  private void requireConnection(String id, ConnectionSettings settings) throws UpstreamException {
    ConnectionSettings held = connections.get(id);
    if (held == null || !held.fingerprint().equals(settings.fingerprint())) {
      throw UpstreamException.unknownConnection(id);
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

  /** One call of a bound connection. */
  @FunctionalInterface
  private interface Op<T> {
    T run() throws UpstreamException;
  }

  /** A connection bound to its id and settings; pushes once when the sidecar lacks them. */
  private final class Bound implements SidecarConnection {
    private final String id;
    private final ConnectionSettings settings;

    Bound(String id, ConnectionSettings settings) {
      this.id = id;
      this.settings = settings;
    }

    private <T> T call(Op<T> op) throws UpstreamException {
      try {
        return op.run();
      } catch (UpstreamException e) {
        if (e.kind() != UpstreamException.Kind.UNKNOWN_CONNECTION) {
          throw e;
        }
        put();
        return op.run();
      }
    }

    @Override
    public ConnectionInfo put() throws UpstreamException {
      return FakeSidecar.this.put(id, settings);
    }

    @Override
    public CredentialInfo verify() throws UpstreamException {
      return call(() -> FakeSidecar.this.verify(id, settings));
    }

    @Override
    public CredentialInfo verifyCandidate(ConnectionSettings candidate) throws UpstreamException {
      return FakeSidecar.this.verifyCandidate(candidate);
    }

    @Override
    public MintedCredential mint(MintRequest request) throws UpstreamException {
      return call(() -> FakeSidecar.this.mint(id, settings, request));
    }

    @Override
    public MintedCredential mintMinter(MinterRequest request) throws UpstreamException {
      return call(() -> FakeSidecar.this.mintMinter(id, settings, request));
    }

    @Override
    public DeleteResult revoke(String tokenId, TokenAction action) throws UpstreamException {
      return call(() -> delete("revoke", id, settings, tokenId, action));
    }

    @Override
    public DeleteResult sweep(String tokenId, TokenAction action) throws UpstreamException {
      return call(() -> delete("sweep", id, settings, tokenId, action));
    }

    @Override
    public DeleteResult retire(String tokenId, TokenAction action) throws UpstreamException {
      return call(() -> delete("retire", id, settings, tokenId, action));
    }

    @Override
    public int revokeByName(RollbackRequest request) throws UpstreamException {
      return call(() -> FakeSidecar.this.revokeByName(id, settings, request));
    }

    @Override
    public void renewed(String tokenId, TokenAction action) throws UpstreamException {
      call(() -> {
        FakeSidecar.this.renewed(id, settings, tokenId, action);
        return null;
      });
    }

    @Override
    public List<ListedToken> listByPrefix(String namePrefix) throws UpstreamException {
      return call(() -> FakeSidecar.this.listByPrefix(id, settings, namePrefix));
    }

    @Override
    public Map<String, Object> leaseLog(String what, Map<String, String> query) throws UpstreamException {
      return FakeSidecar.this.leaseLog(what, query);
    }
  }
}
