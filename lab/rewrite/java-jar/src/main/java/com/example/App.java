package com.example;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** A one-route HTTP service on the JDK's built-in server (no dependencies). */
public final class App {
    static HttpServer server(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            byte[] body = Greeting.text().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        return server;
    }

    public static void main(String[] args) throws Exception {
        if (System.getenv("SELF_TEST") != null) {
            // One request on a free port, printed, then exit.
            HttpServer server = server(0);
            server.start();
            int port = server.getAddress().getPort();
            HttpURLConnection conn = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/").openConnection();
            try (InputStream in = conn.getInputStream()) {
                System.out.println(conn.getResponseCode() + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            server.stop(0);
            return;
        }
        HttpServer server = server(Integer.parseInt(System.getenv().getOrDefault("PORT", "8080")));
        server.start();
        System.out.println("listening on " + server.getAddress().getPort());
    }
}
