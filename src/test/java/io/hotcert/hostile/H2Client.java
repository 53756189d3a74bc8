package io.hotcert.hostile;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.hotcert.testing.TestTls;

/**
 * An HTTP/2 client that writes raw frames, so that it can misbehave in ways no real client
 * library allows. A reader thread counts what the server sends back; without one (for attacks
 * that never read) the server's answers pile up in the socket.
 */
final class H2Client implements AutoCloseable {

    static final int DATA = 0x0;
    static final int HEADERS = 0x1;
    static final int PRIORITY = 0x2;
    static final int RST_STREAM = 0x3;
    static final int SETTINGS = 0x4;
    static final int PING = 0x6;
    static final int GOAWAY = 0x7;
    static final int WINDOW_UPDATE = 0x8;
    static final int CONTINUATION = 0x9;

    static final int END_STREAM = 0x1;
    static final int END_HEADERS = 0x4;

    static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
    static final int REFUSED_STREAM = 0x7;
    static final int CANCEL = 0x8;

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Socket tcp;
    private final SSLSocket socket;
    private final OutputStream out;
    private final AtomicInteger[] received = new AtomicInteger[10];
    private final Set<Integer> resetStreams = ConcurrentHashMap.newKeySet();
    private volatile boolean closedByServer;
    private volatile int goAwayCode = -1;

    private H2Client(Socket tcp, SSLSocket socket) throws IOException {
        this.tcp = tcp;
        this.socket = socket;
        this.out = socket.getOutputStream();
        for (int i = 0; i < received.length; i++) {
            received[i] = new AtomicInteger();
        }
    }

    /** Connects by ALPN h2 and sends the preface with the given settings (id, value pairs). */
    static H2Client connect(int port, boolean read, int... settings) throws IOException {
        // TLS over a socket of our own: closing that one also ends a write blocked in TLS.
        var tcp = new Socket("127.0.0.1", port);
        var socket = (SSLSocket) TestTls.trustingEverything().getSocketFactory().createSocket(tcp, "127.0.0.1", port,
                true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"h2"});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        if (!"h2".equals(socket.getApplicationProtocol())) {
            tcp.close();
            throw new IOException("the server did not choose h2");
        }
        var client = new H2Client(tcp, socket);
        client.out.write(PREFACE);
        var payload = new ByteArrayOutputStream();
        for (int i = 0; i + 1 < settings.length; i += 2) {
            payload.write(settings[i] >> 8);
            payload.write(settings[i]);
            writeInt(payload, settings[i + 1]);
        }
        client.frame(SETTINGS, 0, 0, payload.toByteArray());
        client.out.flush();
        if (read) {
            var reader = new Thread(client::readFrames, "h2-reader");
            reader.setDaemon(true);
            reader.start();
        }
        return client;
    }

    /** A header block for GET {@code path}, without the dynamic table. */
    static byte[] get(String path) {
        var block = new ByteArrayOutputStream();
        block.write(0x82); // :method GET
        block.write(0x87); // :scheme https
        literal(block, 4, path);
        literal(block, 1, HostileServer.NAME);
        return block.toByteArray();
    }

    /** A header block for POST {@code path}; the body is to follow in DATA frames. */
    static byte[] post(String path) {
        var block = new ByteArrayOutputStream();
        block.write(0x83); // :method POST
        block.write(0x87);
        literal(block, 4, path);
        literal(block, 1, HostileServer.NAME);
        return block.toByteArray();
    }

    /** A literal header field without indexing, its name taken from the static table. */
    static void literal(ByteArrayOutputStream block, int nameIndex, String value) {
        block.write(nameIndex);
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        writeLength(block, bytes.length);
        block.writeBytes(bytes);
    }

    /** An HPACK length (7-bit prefix integer, no Huffman). */
    static void writeLength(ByteArrayOutputStream block, int length) {
        if (length < 127) {
            block.write(length);
            return;
        }
        block.write(127);
        int rest = length - 127;
        while (rest >= 128) {
            block.write((rest & 0x7f) | 0x80);
            rest >>>= 7;
        }
        block.write(rest);
    }

    void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        byte[] head = {(byte) (payload.length >> 16), (byte) (payload.length >> 8), (byte) payload.length,
                (byte) type, (byte) flags, (byte) (stream >> 24), (byte) (stream >> 16), (byte) (stream >> 8),
                (byte) stream};
        out.write(head);
        out.write(payload);
    }

    void rst(int stream, int code) throws IOException {
        var payload = new ByteArrayOutputStream();
        writeInt(payload, code);
        frame(RST_STREAM, 0, stream, payload.toByteArray());
    }

    void flush() throws IOException {
        out.flush();
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >> 24);
        out.write(value >> 16);
        out.write(value >> 8);
        out.write(value);
    }

    private void readFrames() {
        try {
            var in = new DataInputStream(socket.getInputStream());
            while (true) {
                int length = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
                int type = in.readUnsignedByte();
                in.readUnsignedByte();
                int stream = in.readInt() & 0x7fff_ffff;
                byte[] payload = in.readNBytes(length);
                if (type == RST_STREAM) {
                    resetStreams.add(stream);
                }
                if (type < received.length) {
                    received[type].incrementAndGet();
                }
                if (type == GOAWAY && payload.length >= 8) {
                    goAwayCode = ((payload[4] & 0xff) << 24) | ((payload[5] & 0xff) << 16) | ((payload[6] & 0xff) << 8)
                            | (payload[7] & 0xff);
                }
            }
        } catch (IOException end) {
            closedByServer = true;
        }
    }

    /** How many frames of {@code type} the server sent. */
    int received(int type) {
        return received[type].get();
    }

    /** How many streams the server reset, each counted once. */
    int resetStreams() {
        return resetStreams.size();
    }

    /** Whether the server ended the connection (or went away). */
    boolean ended() {
        return closedByServer || goAwayCode >= 0;
    }

    int goAwayCode() {
        return goAwayCode;
    }

    @Override
    public void close() throws IOException {
        tcp.close();
    }
}
