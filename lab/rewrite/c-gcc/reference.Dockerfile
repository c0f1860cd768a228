# Hand-written reference rewrite (lab/rewrite/README.md): what a careful, mechanical
# optimization of ./Dockerfile achieves without knowing the app.
FROM gcc:12 AS build
# build-essential is a build tool (and already in gcc:12): this stage only.
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
COPY . /usr/src/myapp
WORKDIR /usr/src/myapp
RUN make

# The binary links glibc and libm: distroless/cc has them, and no shell.
FROM gcr.io/distroless/cc-debian12
WORKDIR /usr/src/myapp
COPY --from=build /usr/src/myapp/myapp ./myapp
CMD ["./myapp"]
