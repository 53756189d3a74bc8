package io.hotcert.tls;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiFunction;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;

/**
 * Netty's engine, adapted to the way Undertow's listener drives an {@code SSLEngine}.
 * <ul>
 * <li>Closing the inbound side after the outbound one builds no exception. Netty throws there when
 * the peer sent no close_notify, which most clients do not: they close the connection after the
 * response. Undertow only logs that exception at TRACE, yet building it (its stack trace is sixty
 * frames deep) cost about 2 % of the CPU of every new connection in a profile under wrk with
 * {@code Connection: close}. The engine is freed just as Netty's own {@code closeInbound} frees it
 * then.</li>
 * <li>Buffers handed over together leave in one TLS record, as the JDK's engine sends them. Netty's
 * engine, in the JDK-compatible mode Undertow needs, seals each buffer of a gathering wrap in a
 * record of its own, and Undertow gathers a response's head and its body: a small response cost
 * two records, two seals and two reads on the client.</li>
 * <li>The enabled suites and protocols are read once per context, and setting them to what they
 * are does nothing. Undertow's ALPN listener reads both and sets the suites back, filtered, on
 * every connection; Netty rebuilds the lists from BoringSSL on each read and has BoringSSL parse a
 * cipher string on each set: about 1 % of the CPU of a new connection in a profile.</li>
 * <li>Its session answers a question about the client's certificate without a stack trace
 * ({@link ListenerSession}).</li>
 * <li>Netty's engine is released as soon as both its sides are done, and by a {@link Cleaner}
 * should a connection end without that. Netty's unreleasable engine frees its native state the same
 * way but keeps a finalizer for the rest: every engine then outlives its connection by a collection,
 * which promoted it to the old generation, and under new connections the old generation held a
 * thousand dead engines at a time, each with its session, until a full collection.</li>
 * </ul>
 * Everything else is Netty's.
 */
final class ListenerEngine extends SSLEngine {

    /** The most plaintext one TLS record carries (RFC 8446, section 5.1). */
    static final int MAX_RECORD_PLAINTEXT = 16_384;

    private final ReferenceCountedOpenSslEngine engine;
    private final ByteBufAllocator allocator;
    private EnabledSettings enabled;
    /** Netty's engine keeps one session for its life; so does this one, around it. */
    private SSLSession session;
    /** Releases {@link #engine} once: when both sides are done, else when this engine is unreachable. */
    private final Cleaner.Cleanable release;

    /**
     * @param enabled what {@code engine} has enabled, as every engine of its context has
     * @param cleaner releases {@code engine} should this engine become unreachable before it ends
     */
    ListenerEngine(ReferenceCountedOpenSslEngine engine, ByteBufAllocator allocator, EnabledSettings enabled,
            Cleaner cleaner) {
        this.engine = engine;
        this.allocator = allocator;
        this.enabled = enabled;
        this.release = cleaner.register(this, engine::release);
    }

    @Override
    public void closeInbound() throws SSLException {
        if (engine.isOutboundDone()) {
            release.clean();
            return;
        }
        try {
            engine.closeInbound();
        } finally {
            releaseWhenDone();
        }
    }

    /** Releases Netty's engine once neither side has anything left to do. */
    private void releaseWhenDone() {
        if (engine.isInboundDone() && engine.isOutboundDone()) {
            release.clean();
        }
    }

    /** What {@code result} says, after releasing Netty's engine when it ended the engine. */
    private SSLEngineResult releasedWhenClosed(SSLEngineResult result) {
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
            releaseWhenDone();
        }
        return result;
    }

    @Override
    public String getPeerHost() {
        return engine.getPeerHost();
    }

    @Override
    public int getPeerPort() {
        return engine.getPeerPort();
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer src, ByteBuffer dst) throws SSLException {
        return releasedWhenClosed(engine.wrap(src, dst));
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, ByteBuffer dst) throws SSLException {
        return wrap(srcs, 0, srcs.length, dst);
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        int end = offset + length;
        int first = offset;
        while (first < end && !srcs[first].hasRemaining()) {
            first++;
        }
        int record = 0;
        for (int i = first; i < end && record < MAX_RECORD_PLAINTEXT; i++) {
            record += Math.min(srcs[i].remaining(), MAX_RECORD_PLAINTEXT - record);
        }
        if (first == end || srcs[first].remaining() >= record) {
            return releasedWhenClosed(engine.wrap(srcs, offset, length, dst));
        }
        ByteBuf gathered = allocator.directBuffer(record, record);
        try {
            for (int i = first; gathered.isWritable(); i++) {
                ByteBuffer src = srcs[i].duplicate();
                src.limit(src.position() + Math.min(src.remaining(), gathered.writableBytes()));
                gathered.writeBytes(src);
            }
            SSLEngineResult result = engine.wrap(gathered.nioBuffer(), dst);
            consume(srcs, first, result.bytesConsumed());
            return releasedWhenClosed(result);
        } finally {
            gathered.release();
        }
    }

    /** Moves the buffers' positions past the {@code bytes} the engine took from their copy. */
    private static void consume(ByteBuffer[] srcs, int from, int bytes) {
        for (int i = from; bytes > 0; i++) {
            int taken = Math.min(srcs[i].remaining(), bytes);
            srcs[i].position(srcs[i].position() + taken);
            bytes -= taken;
        }
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer dst) throws SSLException {
        return releasedWhenClosed(engine.unwrap(src, dst));
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts) throws SSLException {
        return releasedWhenClosed(engine.unwrap(src, dsts));
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        return releasedWhenClosed(engine.unwrap(src, dsts, offset, length));
    }

    @Override
    public Runnable getDelegatedTask() {
        return engine.getDelegatedTask();
    }

    @Override
    public boolean isInboundDone() {
        return engine.isInboundDone();
    }

    @Override
    public void closeOutbound() {
        engine.closeOutbound();
        releaseWhenDone();
    }

    @Override
    public boolean isOutboundDone() {
        return engine.isOutboundDone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return engine.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return enabled.cipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        if (!enabled.hasCipherSuites(suites)) {
            engine.setEnabledCipherSuites(suites);
            enabled = EnabledSettings.of(engine);
        }
    }

    @Override
    public String[] getSupportedProtocols() {
        return engine.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return enabled.protocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        if (!enabled.hasProtocols(protocols)) {
            engine.setEnabledProtocols(protocols);
            enabled = EnabledSettings.of(engine);
        }
    }

    @Override
    public SSLSession getSession() {
        if (session == null) {
            SSLSession nettys = engine.getSession();
            session = nettys instanceof ExtendedSSLSession extended ? new ListenerSession(extended, this) : nettys;
        }
        return session;
    }

    @Override
    public SSLSession getHandshakeSession() {
        return engine.getHandshakeSession();
    }

    @Override
    public void beginHandshake() throws SSLException {
        engine.beginHandshake();
    }

    @Override
    public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
        return engine.getHandshakeStatus();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        engine.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return engine.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        engine.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return engine.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        engine.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return engine.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        engine.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return engine.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return engine.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters parameters) {
        engine.setSSLParameters(parameters);
        enabled = EnabledSettings.of(engine);
    }

    @Override
    public String getApplicationProtocol() {
        return engine.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return engine.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        engine.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return engine.getHandshakeApplicationProtocolSelector();
    }
}
