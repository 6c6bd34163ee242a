# socat on Debian: a loopback relay for compose's "replicas" profile. Each sidecar replica shares a
# relay's network namespace, which puts the simulator on the replica's loopback (the engine allows
# plain http only towards loopback). Real Dynatrace is https: no relay is needed there.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
LABEL io.dtvb.image="relay"
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends socat \
 && rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["socat"]
