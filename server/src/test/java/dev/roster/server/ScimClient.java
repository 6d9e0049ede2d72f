package dev.roster.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A test's view of a running Roster over HTTP, with the JDK's client. JSON bodies may use single quotes. */
public final class ScimClient {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.ALLOW_SINGLE_QUOTES);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String root;
    private final String token;

    public ScimClient(int port, String token) {
        this.root = "http://127.0.0.1:" + port;
        this.token = token;
    }

    public ScimClient withToken(String other) {
        return new ScimClient(Integer.parseInt(root.substring(root.lastIndexOf(':') + 1)), other);
    }

    public record Response(int status, java.net.http.HttpHeaders headers, String text) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }

        public String header(String name) { return headers.firstValue(name).orElse(null); }

        @Override public String toString() { return status + " " + text; }
    }

    public static String json(String relaxed) {
        try {
            return MAPPER.writeValueAsString(MAPPER.readTree(relaxed));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static String q(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    public Response get(String path, String... headers) { return send("GET", path, null, headers); }

    /** A GET outside /scim/v2 (health endpoints), without credentials. */
    public Response getRoot(String path) { return sendRoot("GET", path); }

    /** A body-less request outside /scim/v2, without credentials. */
    public Response sendRoot(String method, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(30))
                            .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Response post(String path, String body, String... headers) { return send("POST", path, json(body), headers); }

    public Response put(String path, String body, String... headers) { return send("PUT", path, json(body), headers); }

    public Response patch(String path, String body, String... headers) { return send("PATCH", path, json(body), headers); }

    public Response delete(String path, String... headers) { return send("DELETE", path, null, headers); }

    /** Sends a raw request; {@code headers} are name, value pairs and replace the defaults. */
    public Response send(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + "/scim/v2" + path)).timeout(Duration.ofSeconds(30));
        boolean hasType = false;
        boolean hasAuth = false;
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("Content-Type")) hasType = true;
            if (headers[i].equalsIgnoreCase("Authorization")) hasAuth = true;
            if (headers[i + 1] != null) b.header(headers[i], headers[i + 1]);
        }
        if (!hasAuth && token != null) b.header("Authorization", "Bearer " + token);
        if (!hasType && body != null) b.header("Content-Type", "application/scim+json; charset=utf-8");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Sends a keep-alive GET over a socket of its own and reads its status line only (a 200), for a test that needs
     * a client that stops reading: the rest of the answer waits in the socket buffers. {@code receiveBufferBytes}
     * (0: the system's) keeps the client's share of them small. The caller closes the socket.
     */
    public java.net.Socket getWithoutReading(String path, int receiveBufferBytes) throws IOException {
        java.net.Socket socket = new java.net.Socket();
        if (receiveBufferBytes > 0) socket.setReceiveBufferSize(receiveBufferBytes);
        socket.setSoTimeout(20_000);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port()));
        socket.getOutputStream().write(("GET /scim/v2" + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
        if (!status.equals("HTTP/1.1 200")) {
            socket.close();
            throw new AssertionError("GET " + path + " answered " + status);
        }
        return socket;
    }

    /** The port the server listens on, for a test that speaks HTTP over a socket of its own. */
    public int port() {
        return Integer.parseInt(root.substring(root.lastIndexOf(':') + 1));
    }

    /**
     * Writes a request head byte for byte over a socket, for what the JDK's client refuses to send (control
     * characters, malformed URIs). The server answers and closes the connection.
     */
    public Response sendRaw(String requestLine, String... headerLines) {
        StringBuilder head = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        if (token != null) head.append("Authorization: Bearer ").append(token).append("\r\n");
        for (String line : headerLines) head.append(line).append("\r\n");
        head.append("\r\n");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String[] lines = response.substring(0, end).split("\r\n");
            java.util.Map<String, java.util.List<String>> fields = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                fields.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new java.util.ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
            return new Response(Integer.parseInt(lines[0].split(" ")[1]), java.net.http.HttpHeaders.of(fields, (k, v) -> true),
                    response.substring(end + 4));
        } catch (IOException e) {
            throw new AssertionError(requestLine + " failed", e);
        }
    }
}
