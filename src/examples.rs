//! Example Dockerfiles offered in the app. The first is loaded on start. Each tells a story from
//! the seeds (../shared/seeds) that later lessons build on.

pub struct Example {
    pub name: &'static str,
    pub text: &'static str,
}

pub const EXAMPLES: &[Example] = &[
    Example {
        name: "Go: multi-stage build with a heredoc",
        text: r#"# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -o /out/server ./cmd/server

FROM gcr.io/distroless/static-debian12 AS runtime
COPY --from=build /out/server /server
COPY <<EOF /etc/server.toml
listen = ":8080"
EOF
USER nonroot:nonroot
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["/server", "-health"]
ENTRYPOINT ["/server"]
"#,
    },
    Example {
        name: "Python: the 780 MB Sanic service",
        text: r#"FROM python:3.6
ENV PYTHONUNBUFFERED 1

ENV TZ=Asia/Dhaka
RUN ln -snf /usr/share/zoneinfo/$TZ /etc/localtime && echo $TZ > /etc/timezone

RUN mkdir /app
ADD requirements.txt ./app/
WORKDIR /app
RUN pip install -r requirements.txt
COPY ./code ./app
EXPOSE 5000
"#,
    },
    Example {
        name: "Python: the 65 MB multi-stage venv",
        text: r#"FROM python:3-alpine AS builder
RUN apk add --no-cache build-base
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

FROM python:3-alpine
COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
WORKDIR /app
COPY . .
CMD ["python", "app.py"]
"#,
    },
    Example {
        name: "Debian: install and clean up in one RUN",
        text: r#"FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
RUN <<EOF
set -eux
useradd --create-home app
EOF
USER app
CMD ["curl", "--version"]
"#,
    },
];
