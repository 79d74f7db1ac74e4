package io.headstream.metrics;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The little of HTTP/1.x the operations endpoint speaks: a request is its method and path (the
 * headers are skipped, nothing here depends on them), an answer is a status, a content type and a
 * short body, always sent with {@code Connection: close}.
 */
final class PlainHttp {
    private PlainHttp() {}

    private static final Map<Integer, String> REASONS = Map.of(200, "OK", 400, "Bad Request", 404, "Not Found",
            405, "Method Not Allowed", 431, "Request Header Fields Too Large", 500, "Internal Server Error",
            503, "Service Unavailable");

    /** A parsed request line; {@code path} is decoded and not normalised, as {@code URI.getPath()} gives it. */
    record Request(String method, String path) {}

    /** An answer to write. */
    record Response(int status, String contentType, String body) {

        static Response text(int status, String body) {
            return new Response(status, "text/plain", body);
        }

        /** Status line, headers and body as they go on the wire. */
        byte[] encode() {
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + status + " " + REASONS.getOrDefault(status, "Status") + "\r\n"
                    + "Content-Type: " + contentType + "\r\n"
                    + "Content-Length: " + content.length + "\r\n"
                    + "Connection: close\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
            byte[] out = new byte[headBytes.length + content.length];
            System.arraycopy(headBytes, 0, out, 0, headBytes.length);
            System.arraycopy(content, 0, out, headBytes.length, content.length);
            return out;
        }
    }

    /**
     * Where the head ends in {@code buf[0, length)}: the index just past the blank line, or -1
     * while it has not arrived. Bare LF line ends are accepted, as most servers do.
     */
    static int headEnd(byte[] buf, int length) {
        for (int i = 1; i < length; i++) {
            if (buf[i] == '\n') {
                if (buf[i - 1] == '\n') {
                    return i + 1;
                }
                if (i >= 3 && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    /** Parses the request line of a complete head; null when it is not {@code METHOD target HTTP/1.x}. */
    static Request parseRequestLine(byte[] buf, int headLength) {
        int lineEnd = 0;
        while (lineEnd < headLength && buf[lineEnd] != '\n') {
            lineEnd++;
        }
        String line = new String(buf, 0, lineEnd, StandardCharsets.ISO_8859_1).strip();
        String[] parts = line.split(" ");
        if (parts.length != 3 || parts[0].isEmpty() || !parts[2].startsWith("HTTP/1.")) {
            return null;
        }
        try {
            String path = new URI(parts[1]).getPath();
            return new Request(parts[0], path == null ? parts[1] : path);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
