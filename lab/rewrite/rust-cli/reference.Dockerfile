# Hand-written reference rewrite (lab/rewrite/README.md): what a careful, mechanical
# optimization of ./Dockerfile achieves without knowing the app.
FROM rust:1 AS build
# pkg-config and -dev packages are build-time only: they stay in this stage.
RUN apt-get update \
    && apt-get install -y --no-install-recommends pkg-config libssl-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /usr/src/hello-cli
COPY . .
RUN cargo install --path .

# glibc, libgcc and libssl3, no shell.
FROM gcr.io/distroless/cc-debian12
COPY --from=build /usr/local/cargo/bin/hello-cli /usr/local/bin/hello-cli
CMD ["hello-cli"]
