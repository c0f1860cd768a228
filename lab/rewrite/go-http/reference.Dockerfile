# Hand-written reference rewrite (lab/rewrite/README.md): what a careful, mechanical
# optimization of ./Dockerfile achieves without knowing the app.
FROM golang:1.22 AS build
WORKDIR /usr/src/app
# No go.sum: the module has no dependencies.
COPY go.mod ./
RUN go mod download && go mod verify
COPY . .
# cgo off: a static binary, so it runs without a libc.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /usr/local/bin/app ./...

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /usr/local/bin/app /usr/local/bin/app
EXPOSE 8080
CMD ["app"]
