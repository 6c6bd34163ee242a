package io.dtvb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.vaultsdk.framework.Backend;
import io.dtvb.vaultsdk.framework.BackendConfig;
import io.dtvb.vaultsdk.framework.InmemStorage;
import io.dtvb.vaultsdk.framework.Operation;
import io.dtvb.vaultsdk.framework.Request;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.StaticSystemView;
import io.dtvb.vaultsdk.framework.UnsupportedPathError;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The backend as Vault first meets it: built at the registration probe, documented on every path. */
class DynatraceBackendTest {

  @Test
  void backendBuildsWithoutStorageOrSystemViewAtTheRegistrationProbe() {
    Backend backend = new DynatraceBackend(new FakeSidecar()).create(new BackendConfig(null, null, null, null));

    assertEquals(15, backend.paths().size(), "config, roles/<name>, roles/, creds/<role>, tokens/<id>, tokens/, tidy, rotate-root, metrics, 6 lease-log paths");
    assertNotNull(backend.helpText());
  }

  @Test
  void backendUsesTheDefaultConnectionIdWhenTheMountHasNoUuid() throws Exception {
    FakeSidecar broker = new FakeSidecar();
    Backend backend = new DynatraceBackend(broker)
        .create(new BackendConfig(Map.of(), "", StaticSystemView.vaultDefaults(), null));
    InmemStorage storage = new InmemStorage();

    Response r = backend.handleRequest(
        Request.of(Operation.UPDATE, "config", new EngineHarness().validConfig(), storage));

    EngineHarness.assertOk(r);
    assertEquals("default", broker.pushes.get(0).connectionId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "config", "roles/ci", "roles/", "creds/ci"})
  void backendAnswersHelpWithTextAndAnOpenApiDocument(String path) throws Exception {
    Backend backend = new EngineHarness().backend;

    Response r = backend.handleRequest(Request.of(Operation.HELP, path, Map.of(), new InmemStorage()));

    assertTrue(String.valueOf(r.data().get("help")).length() > 40);
    assertNotNull(r.data().get("openapi"));
  }

  @Test
  void backendRefusesPathsItDoesNotServe() {
    Backend backend = new EngineHarness().backend;

    assertThrows(UnsupportedPathError.class,
        () -> backend.handleRequest(Request.of(Operation.READ, "creds/", Map.of(), new InmemStorage())));
  }
}
