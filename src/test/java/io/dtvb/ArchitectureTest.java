package io.dtvb;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the dependency lines of the design: who may import whom. */
class ArchitectureTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.dtvb");

  @Test
  void engineTalksToTheSidecarOnlyOverHttp() {
    noClasses().that().resideInAPackage("io.dtvb.engine..")
        .should().dependOnClassesThat().resideInAnyPackage("io.dtvb.sidecar..", "io.dtvb.dynatrace..",
            "io.dtvb.simulator..", "io.dtvb.vaultsdk.plugin..")
        .check(MAIN);
  }

  @Test
  void frameworkKnowsNothingOfGrpcOrDynatrace() {
    noClasses().that().resideInAPackage("io.dtvb.vaultsdk.framework..")
        .should().dependOnClassesThat().resideInAnyPackage("io.dtvb.vaultsdk.plugin..", "io.dtvb.engine..",
            "io.vertx..", "com.google.protobuf..")
        .check(MAIN);
  }

  @Test
  void onlyThePluginLayerSeesProtobufTypes() {
    noClasses().that().resideOutsideOfPackage("io.dtvb.vaultsdk.plugin..")
        .should().dependOnClassesThat().resideInAPackage("io.dtvb.vaultsdk.plugin.proto..")
        .check(MAIN);
  }

  @Test
  void sidecarAndSimulatorStayApart() {
    noClasses().that().resideInAPackage("io.dtvb.sidecar..")
        .should().dependOnClassesThat().resideInAnyPackage("io.dtvb.simulator..", "io.dtvb.engine..",
            "io.dtvb.vaultsdk..")
        .check(MAIN);
    noClasses().that().resideInAPackage("io.dtvb.dynatrace..")
        .should().dependOnClassesThat().resideInAnyPackage("io.dtvb.simulator..", "io.dtvb.sidecar..")
        .check(MAIN);
  }

  @Test
  void theContractIsPlainRecordsBothSidesShare() {
    noClasses().that().resideInAPackage("io.dtvb.sidecarapi..")
        .should().dependOnClassesThat().resideInAnyPackage("io.dtvb.engine..", "io.dtvb.sidecar..",
            "io.dtvb.dynatrace..", "io.dtvb.leaselog..", "io.dtvb.vaultsdk..", "io.dtvb.simulator..",
            "io.vertx..", "io.netty..", "com.google.protobuf..")
        .check(MAIN);
  }

  @Test
  void leaseLogImportsNeitherVertxNorGrpcNorProtobuf() {
    noClasses().that().resideInAPackage("io.dtvb.leaselog..")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.grpc..", "com.google.protobuf..")
        .check(MAIN);
  }
}
