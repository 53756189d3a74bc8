package io.hotcert.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 request over TLS, written by hand so that the Host header can be anything: the
 * JDK's clients refuse to set it, and Pebble builds its URLs and checks each JWS {@code url} from
 * it, so a front that forwards must pass the client's Host on unchanged. One connection per
 * request ({@code Connection: close}); the body may be sized, chunked or end with the connection.
 */
final class UpstreamHttp {

    /** Hop-by-hop headers and the ones this class writes itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "keep-alive", "content-length",
            "transfer-encoding", "accept-encoding", "upgrade", "te", "date");
    private static final int TIMEOUT_MILLIS = 30_000;

    record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    }

    private final URI upstream;
    private final SSLContext tls;

    UpstreamHttp(URI upstream, SSLContext tls) {
        this.upstream = upstream;
        this.tls = tls;
    }

    Response send(String method, String target, String host, List<Map.Entry<String, String>> headers, byte[] body)
            throws IOException {
        try (var socket = (SSLSocket) tls.getSocketFactory().createSocket(upstream.getHost(), upstream.getPort())) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            var head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n");
            for (Map.Entry<String, String> header : headers) {
                if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
                }
            }
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()), method.equals("HEAD"));
        }
    }

    private static Response read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        var headers = new ArrayList<Map.Entry<String, String>>();
        long length = -1;
        boolean chunked = false;
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (lower.equals("transfer-encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            }
            if (!NOT_FORWARDED.contains(lower)) {
                headers.add(Map.entry(name, value));
            }
        }
        byte[] body;
        if (head || status == 204 || status == 304) {
            body = new byte[0];
        } else if (chunked) {
            body = chunks(in);
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, body);
    }

    private static byte[] chunks(InputStream in) throws IOException {
        var body = new ByteArrayOutputStream();
        for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
            body.write(in.readNBytes(size));
            line(in);
        }
        // Trailers, up to the empty line.
        while (!line(in).isEmpty()) {
            continue;
        }
        return body.toByteArray();
    }

    private static int chunkSize(String line) {
        int extension = line.indexOf(';');
        return Integer.parseInt((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
    }

    private static String line(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the upstream closed the connection in the middle of a response");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
