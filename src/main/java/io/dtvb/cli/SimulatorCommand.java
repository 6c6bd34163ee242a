package io.dtvb.cli;

import io.dtvb.simulator.DynatraceSimulator;
import io.dtvb.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the bundled Dynatrace simulator until SIGTERM/SIGINT. */
@Command(
    name = "simulator",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    description = {
      "Runs a local stand-in for Dynatrace's access-token API, SSO token endpoint and Account Management "
          + "platform-tokens API, for demos and tests.",
      "",
      "Serves plain HTTP with the token API under /api/v2 (Api-Token auth), "
          + "/platform/classic/environment-api/v2 (Bearer auth: a bearer from /sso/oauth2/token or a "
          + "dt0s16 platform token) and "
          + "/e/<env-id>/api/v2 (Api-Token auth); the platform-tokens API under "
          + "/iam/v1/accounts/<account_uuid>/platform-tokens and /limits (an SSO bearer granted with "
          + "resource=urn:dtaccount:<account_uuid>).",
      "",
      "Test controls live under /_sim/ and are unauthenticated, so keep the simulator on loopback: "
          + "GET /_sim/state, POST|DELETE /_sim/faults, POST /_sim/clock, POST /_sim/platform-tokens, "
          + "POST /_sim/phase3, POST /_sim/account-limits.",
      "",
      "On start it prints ONE JSON line on stdout (url, environment_id, api_token, api_token_id, "
          + "oauth_client_id, oauth_client_secret, oauth_resource, sso_url, classic_api, platform_api, "
          + "managed_api, platform_token, platform_token_id, account_uuid, account_api_url, "
          + "account_client_id, account_client_secret, account_client_user_uuid, service_user_uuid, "
          + "service_user_2_uuid) and runs until SIGTERM/SIGINT. The admin "
          + "api_token holds apiTokens.read and apiTokens.write; the platform_token holds "
          + "environment-api:api-tokens:read and environment-api:api-tokens:write; the account client holds "
          + "platform-token:tokens:write, platform-token:tokens:manage, account-idm-read and "
          + "account-idm-write. Logs are JSON lines on stderr.",
      ""
    })
public final class SimulatorCommand implements Callable<Integer> {

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}). The simulator has unauthenticated "
          + "controls; do not expose it beyond loopback.")
  String host;

  @Option(names = "--port", defaultValue = "0",
      description = "TCP port to listen on; 0 picks a free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--environment-id",
      description = "Environment id to simulate (default: random, shaped like abc12345).")
  String environmentId;

  @Option(names = "--bearer-lifetime", defaultValue = "300", paramLabel = "<seconds>",
      description = "Lifetime in seconds of OAuth bearers issued by /sso/oauth2/token (default: ${DEFAULT-VALUE}).")
  long bearerLifetimeSeconds;

  @Option(names = "--quiet", description = "Do not log each request on stderr.")
  boolean quiet;

  @Option(names = "--phase3",
      description = "Start the environment in Phase 3: classic token creation (POST .../apiTokens) answers 400 "
          + "\"Creation of new tokens is now only available in Account Management.\" "
          + "(switch later with POST /_sim/phase3).")
  boolean phase3;

  @Option(names = "--info-file", paramLabel = "FILE",
      description = "Also write the start-up JSON line (URLs, the admin token, OAuth client) to FILE, mode 0600"
          + " (for containers that cannot read this process's stdout).")
  java.nio.file.Path infoFile;

  /** The simulator options the parsed flags stand for. */
  public SimulatorOptions options() {
    return SimulatorOptions.defaults().withHost(host).withPort(port)
        .withEnvironmentId(environmentId).withBearerLifetime(Duration.ofSeconds(bearerLifetimeSeconds))
        .withLogRequests(!quiet).withPhase3(phase3);
  }

  @Override
  public Integer call() throws Exception {
    SimulatorOptions options = options();
    Vertx vertx = Vertx.vertx();
    DynatraceSimulator simulator;
    try {
      simulator = DynatraceSimulator.start(vertx, options).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("{\"@level\":\"error\",\"@module\":\"simulator\",\"@message\":\"cannot start: "
          + String.valueOf(e.getMessage()).replace("\"", "'") + "\"}");
      vertx.close();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        simulator.stop().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // shutting down anyway
      }
      stopped.countDown();
    }, "simulator-shutdown"));
    String info = simulator.info().toJson().encode();
    if (infoFile != null) {
      java.nio.file.Path tmp = infoFile.resolveSibling(infoFile.getFileName() + ".tmp");
      java.nio.file.Files.deleteIfExists(tmp);
      java.nio.file.Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      java.nio.file.Files.writeString(tmp, info + "\n");
      java.nio.file.Files.move(tmp, infoFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    System.out.println(info);
    System.out.flush();
    stopped.await();
    return 0;
  }
}
