# syntax=docker/dockerfile:1
# Build: docker build -t raqib .
# Run:   docker run -d --name raqib -v raqib-data:/data -e DISCORD_WEBHOOK_URL=... raqib
# The config and the database live in the /data volume; the image seeds
# /data/config.yaml with the repository's sample on first use.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
# modernc.org/sqlite is pure Go, so the binary is static; timetzdata embeds
# the zone database as a second line of defence behind the image's own.
RUN CGO_ENABLED=0 go build -trimpath -tags timetzdata \
      -ldflags "-s -w -X main.version=${VERSION}" -o /out/raqib ./cmd/raqib \
 && mkdir -p /out/data && cp config.yaml /out/data/config.yaml

# distroless static: CA certificates and tzdata, no shell, runs as nonroot (65532).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/raqib /usr/local/bin/raqib
COPY --from=build --chown=65532:65532 /out/data /data
VOLUME /data
WORKDIR /data
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/raqib"]
CMD ["run", "-config", "/data/config.yaml"]
