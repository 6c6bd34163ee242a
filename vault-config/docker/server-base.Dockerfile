# A local stand-in for the official hashicorp/vault (SERVER=vault) or openbao/openbao (SERVER=bao)
# image, for machines without a registry: the server binary from scripts/openbao.sh (or your own
# `bao`) on a Debian base with a JRE, and an entrypoint that behaves like the official one
# (`server` adds -config=/<home>/config and the dev root token / listen address from the environment).
# scripts/lib/images.sh builds it from a small context under target/containers/.
ARG BASE_IMAGE=dvb-jre:17
FROM ${BASE_IMAGE}
LABEL io.dtvb.image="server-base"
ARG SERVER=vault
ENV DVB_SERVER=${SERVER}
COPY ${SERVER} /bin/${SERVER}
COPY server-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 0755 /usr/local/bin/docker-entrypoint.sh \
 && home="/$([ "$SERVER" = bao ] && echo openbao || echo vault)" \
 && useradd --system --home-dir "$home" --shell /usr/sbin/nologin "$SERVER" \
 && mkdir -p "$home/config" "$home/file" "$home/logs" "$home/plugins" \
 && chown -R "$SERVER:$SERVER" "$home"
EXPOSE 8200
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["server", "-dev"]
