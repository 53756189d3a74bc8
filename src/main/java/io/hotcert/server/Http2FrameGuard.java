package io.hotcert.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import javax.net.ssl.SSLEngine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSourceConduit;
import org.xnio.ssl.SslConnection;

import io.undertow.protocols.ssl.UndertowXnioSsl;

/**
 * Reads the frame headers of an HTTP/2 connection as they arrive (after TLS) and ends a
 * connection that sends frames which cost the server work but ask for nothing: PING, SETTINGS
 * and PRIORITY floods, and empty DATA, HEADERS or CONTINUATION frames. Undertow answers each
 * of these, without limit, on the IO thread that also serves every other connection on it.
 *
 * <p>Connections that did not choose h2 by ALPN pass through untouched.
 */
final class Http2FrameGuard extends AbstractStreamSourceConduit<StreamSourceConduit> {

    private static final Logger LOG = LoggerFactory.getLogger(Http2FrameGuard.class);

    /** Frames that ask for nothing, allowed per {@link #WINDOW_NANOS}; a browser sends a handful. */
    static final int IDLE_FRAMES_PER_WINDOW = 1_000;
    private static final long WINDOW_NANOS = 1_000_000_000L;

    private static final int PREFACE_BYTES = 24;
    private static final int FRAME_HEADER_BYTES = 9;
    private static final int DATA = 0x0;
    private static final int HEADERS = 0x1;
    private static final int PRIORITY = 0x2;
    private static final int SETTINGS = 0x4;
    private static final int PING = 0x6;
    private static final int CONTINUATION = 0x9;
    private static final int END_STREAM = 0x1;
    private static final int ACK = 0x1;

    private enum Mode { UNDECIDED, GUARDING, PASSING }

    private final SslConnection connection;
    private final SSLEngine engine;
    private final ConnectionCounts.Listener counts;
    private final byte[] header = new byte[FRAME_HEADER_BYTES];
    private Mode mode = Mode.UNDECIDED;
    private int prefaceLeft = PREFACE_BYTES;
    private int headerFill;
    private long payloadLeft;
    private long windowStart = System.nanoTime();
    private int idleFrames;

    private Http2FrameGuard(SslConnection connection, SSLEngine engine, StreamSourceConduit next,
            ConnectionCounts.Listener counts) {
        super(next);
        this.connection = connection;
        this.engine = engine;
        this.counts = counts;
    }

    /** Guards every TLS connection handed to {@code next} that turns out to speak h2. */
    static ChannelListener<SslConnection> before(ChannelListener<? super SslConnection> next,
            ConnectionCounts.Listener counts) {
        return connection -> {
            ConduitStreamSourceChannel source = connection.getSourceChannel();
            source.setConduit(new Http2FrameGuard(connection, UndertowXnioSsl.getSslEngine(connection),
                    source.getConduit(), counts));
            next.handleEvent(connection);
        };
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int start = dst.position();
        int read = next.read(dst);
        return read > 0 && !passes(dst, start) ? -1 : read;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        int[] starts = new int[len];
        for (int i = 0; i < len; i++) {
            starts[i] = dsts[offs + i].position();
        }
        long read = next.read(dsts, offs, len);
        for (int i = 0; i < len && read > 0; i++) {
            if (!passes(dsts[offs + i], starts[i])) {
                return -1;
            }
        }
        return read;
    }

    // Both transfers go through read(), so that no byte passes uninspected.
    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        return Conduits.transfer(this, count, throughBuffer, target);
    }

    /** Looks at the bytes a read put into {@code buffer} from {@code start}; false when it ended the connection. */
    private boolean passes(ByteBuffer buffer, int start) {
        if (mode == Mode.UNDECIDED) {
            // The first application bytes come after the handshake, so ALPN has chosen by now.
            mode = "h2".equals(engine.getApplicationProtocol()) ? Mode.GUARDING : Mode.PASSING;
        }
        if (mode == Mode.PASSING) {
            return true;
        }
        int end = buffer.position();
        for (int i = start; i < end;) {
            if (prefaceLeft > 0 || payloadLeft > 0) {
                int skip = (int) Math.min(end - i, prefaceLeft > 0 ? prefaceLeft : payloadLeft);
                if (prefaceLeft > 0) {
                    prefaceLeft -= skip;
                } else {
                    payloadLeft -= skip;
                }
                i += skip;
                continue;
            }
            header[headerFill++] = buffer.get(i++);
            if (headerFill == FRAME_HEADER_BYTES) {
                headerFill = 0;
                payloadLeft = ((header[0] & 0xffL) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
                if (asksForNothing(header[3] & 0xff, header[4] & 0xff, payloadLeft) && overBudget()) {
                    LOG.debug("ended the HTTP/2 connection from {}: more than {} frames a second that ask for"
                            + " nothing", connection.getPeerAddress(), IDLE_FRAMES_PER_WINDOW);
                    IoUtils.safeClose(connection);
                    counts.refused(ConnectionCounts.Limit.HTTP2_FRAME_BUDGET);
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean asksForNothing(int type, int flags, long length) {
        return switch (type) {
            case PING, SETTINGS -> (flags & ACK) == 0;
            case PRIORITY -> true;
            case DATA -> length == 0 && (flags & END_STREAM) == 0;
            case HEADERS, CONTINUATION -> length == 0;
            default -> false;
        };
    }

    private boolean overBudget() {
        long now = System.nanoTime();
        if (now - windowStart > WINDOW_NANOS) {
            windowStart = now;
            idleFrames = 0;
        }
        return ++idleFrames > IDLE_FRAMES_PER_WINDOW;
    }
}
