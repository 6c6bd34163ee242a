# OpenBao with a Java runtime and the dynatrace plugin installed (launcher pinned to the jar).
# Build the jar first: mvn -B -q package -DskipTests
FROM openbao/openbao:2.5.4
USER root
RUN apk add --no-cache bash openjdk17-jre-headless
COPY target/dynatrace-vault-bridge.jar /tmp/dynatrace-vault-bridge.jar
COPY scripts/install-plugin.sh /opt/dvb/scripts/install-plugin.sh
COPY vault-config/plugins/dynatrace-plugin /opt/dvb/vault-config/plugins/dynatrace-plugin
COPY vault-config/docker/init.sh /opt/dvb/init.sh
RUN /opt/dvb/scripts/install-plugin.sh /openbao/plugins /tmp/dynatrace-vault-bridge.jar \
      > /opt/dvb/dynatrace-plugin.sha256 \
    && rm /tmp/dynatrace-vault-bridge.jar \
    && chmod 0755 /opt/dvb/init.sh
