# The bridge's jar (sidecar, simulator, certs, lease-log) on a Java 17 runtime.
# Build the jar first: mvn -B -q package -DskipTests
FROM eclipse-temurin:17-jre
COPY target/dynatrace-vault-bridge.jar /app/dynatrace-vault-bridge.jar
ENTRYPOINT ["java", "-jar", "/app/dynatrace-vault-bridge.jar"]
