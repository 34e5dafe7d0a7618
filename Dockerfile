# threatmap as a container image: `docker build -t threatmap:$(cat VERSION) .`
#
# The build stage runs the same steps as CI (make deps, make); the run
# stage holds the binary, its two run-time libraries (libcurl, OpenSSL) and
# CA certificates, and runs as an unprivileged user.  Run it with a
# read-only root filesystem and a writable /tmp, as deploy/ does:
#
#   docker run --rm --read-only --tmpfs /tmp -v ~/.kube:/home/threatmap/.kube:ro \
#     threatmap:0.1.0 scan --context prod
FROM debian:bookworm-slim AS build
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      make gcc libc6-dev pkg-config libcurl4-openssl-dev libssl-dev \
      libyajl-dev libyaml-dev libpcre2-dev check >/dev/null
WORKDIR /src
COPY . .
RUN make -s release

FROM debian:bookworm-slim
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends libcurl4 libssl3 ca-certificates >/dev/null && \
    rm -rf /var/lib/apt/lists/* && \
    useradd --uid 65532 --user-group --create-home --shell /usr/sbin/nologin threatmap
COPY --from=build /src/build/release/kubectl-threatmap /usr/local/bin/kubectl-threatmap
USER 65532:65532
WORKDIR /home/threatmap
ENTRYPOINT ["/usr/local/bin/kubectl-threatmap"]
CMD ["scan"]
