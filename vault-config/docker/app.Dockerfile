# The bridge's jar (sidecar, simulator, certs, lease-log) on a Java 17 runtime.
# Build the jar first: mvn -B -q package -DskipTests
# BASE_IMAGE: any image with `java` 17+ on PATH (CI passes a JRE on a local Debian base).
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}
LABEL io.dtvb.image="app"
COPY target/dynatrace-vault-bridge.jar /app/dynatrace-vault-bridge.jar
# The sidecar's JVM options (docker-compose.yml: java @/app/sidecar.jvm-options -jar ... sidecar).
COPY vault-config/sidecar.jvm-options /app/sidecar.jvm-options
ENTRYPOINT ["java", "-jar", "/app/dynatrace-vault-bridge.jar"]
