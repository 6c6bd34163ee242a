# OpenBao with a Java runtime and the dynatrace plugin installed (launcher pinned to the jar).
# Build the jar first: mvn -B -q package -DskipTests
# OPENBAO_IMAGE: the official image by default (Alpine: the JRE comes from apk); a local stand-in
# with a JRE already on it works too (scripts/lib/images.sh builds one from a `bao` binary).
ARG OPENBAO_IMAGE=openbao/openbao:2.5
FROM ${OPENBAO_IMAGE}
LABEL io.dtvb.image="openbao"
USER root
RUN if command -v java >/dev/null 2>&1 && command -v bash >/dev/null 2>&1; then :; \
    elif command -v apk >/dev/null 2>&1; then apk add --no-cache bash openjdk17-jre-headless; \
    else apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless \
         && rm -rf /var/lib/apt/lists/*; fi
COPY scripts/install-plugin.sh /opt/dvb/scripts/install-plugin.sh
COPY vault-config/plugins/dynatrace-plugin /opt/dvb/vault-config/plugins/dynatrace-plugin
COPY vault-config/docker/init.sh /opt/dvb/init.sh
COPY target/dynatrace-vault-bridge.jar /tmp/dynatrace-vault-bridge.jar
RUN /opt/dvb/scripts/install-plugin.sh /openbao/plugins /tmp/dynatrace-vault-bridge.jar \
      > /opt/dvb/dynatrace-plugin.sha256 \
    && rm /tmp/dynatrace-vault-bridge.jar \
    && chmod 0755 /opt/dvb/init.sh
