# HashiCorp Vault with a Java runtime and the dynatrace plugin installed (launcher pinned to the jar).
# Build the jar first: mvn -B -q package -DskipTests
#   docker build -f vault-config/docker/vault.Dockerfile -t vault-dynatrace .
# VAULT_IMAGE: the official image by default (Alpine: the JRE comes from apk); CI passes a local
# stand-in built from scripts/openbao.sh's binary with a Debian JRE already on it.
# The plugin lands in /vault/plugins (plugin_directory, set in /vault/config/dynatrace-plugin.hcl,
# which the official entrypoint reads with -config=/vault/config); the jar in
# /vault/dynatrace-vault-bridge-lib/. Register it with the SHA-256 in /vault/dynatrace-plugin.sha256.
ARG VAULT_IMAGE=hashicorp/vault:1.19
FROM ${VAULT_IMAGE}
LABEL io.dtvb.image="vault"
USER root
RUN if command -v java >/dev/null 2>&1 && command -v bash >/dev/null 2>&1; then :; \
    elif command -v apk >/dev/null 2>&1; then apk add --no-cache bash openjdk17-jre-headless; \
    else apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless \
         && rm -rf /var/lib/apt/lists/*; fi
RUN mkdir -p /vault/config /vault/plugins /opt/dvb \
 && printf 'plugin_directory = "/vault/plugins"\n' > /vault/config/dynatrace-plugin.hcl
COPY scripts/install-plugin.sh /opt/dvb/scripts/install-plugin.sh
COPY vault-config/plugins/dynatrace-plugin /opt/dvb/vault-config/plugins/dynatrace-plugin
COPY vault-config/docker/init.sh /opt/dvb/init.sh
COPY target/dynatrace-vault-bridge.jar /tmp/dynatrace-vault-bridge.jar
RUN /opt/dvb/scripts/install-plugin.sh /vault/plugins /tmp/dynatrace-vault-bridge.jar > /vault/dynatrace-plugin.sha256 \
 && echo "v$(java -jar /vault/dynatrace-vault-bridge-lib/dynatrace-vault-bridge.jar --version | awk '{print $2}')" \
      > /vault/dynatrace-plugin.version \
 && rm /tmp/dynatrace-vault-bridge.jar \
 && chmod 0755 /opt/dvb/init.sh \
 && cp /vault/dynatrace-plugin.sha256 /opt/dvb/dynatrace-plugin.sha256
