# A Java 17 runtime on Debian: what CI uses instead of eclipse-temurin:17-jre when no registry is
# reachable (BASE_IMAGE is then the local debootstrap image; see scripts/lib/images.sh).
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
LABEL io.dtvb.image="jre"
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless ca-certificates \
 && rm -rf /var/lib/apt/lists/*
