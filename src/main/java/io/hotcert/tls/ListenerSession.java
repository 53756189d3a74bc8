package io.hotcert.tls;

import java.security.Principal;
import java.security.cert.Certificate;
import java.util.List;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSessionContext;

/**
 * Netty's session, except that asking a listener that asks no client for a certificate for the
 * client's builds no stack trace. Undertow's proxy asks on the first request of every connection,
 * to pass a client certificate on (to AJP backends only); Netty answers with a new
 * {@link SSLPeerUnverifiedException}, and filling in its stack trace cost 1.6 % of the CPU of a new
 * connection in a profile. The exception is the same type, message aside.
 */
final class ListenerSession extends ExtendedSSLSession {

    private final ExtendedSSLSession session;
    private final ListenerEngine engine;

    ListenerSession(ExtendedSSLSession session, ListenerEngine engine) {
        this.session = session;
        this.engine = engine;
    }

    /** Throws, without a trace, when the listener asked no client for a certificate. */
    private void requireCertificateAsked() throws SSLPeerUnverifiedException {
        if (!engine.getNeedClientAuth() && !engine.getWantClientAuth()) {
            throw new NoClientCertificate();
        }
    }

    @Override
    public Certificate[] getPeerCertificates() throws SSLPeerUnverifiedException {
        requireCertificateAsked();
        return session.getPeerCertificates();
    }

    @Override
    @SuppressWarnings("removal")
    public javax.security.cert.X509Certificate[] getPeerCertificateChain() throws SSLPeerUnverifiedException {
        requireCertificateAsked();
        return session.getPeerCertificateChain();
    }

    @Override
    public Principal getPeerPrincipal() throws SSLPeerUnverifiedException {
        requireCertificateAsked();
        return session.getPeerPrincipal();
    }

    /** The answer when there is no client certificate by design: nothing to trace. */
    private static final class NoClientCertificate extends SSLPeerUnverifiedException {
        private static final long serialVersionUID = 1L;

        NoClientCertificate() {
            super("the listener asks no client for a certificate");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    @Override
    public String[] getLocalSupportedSignatureAlgorithms() {
        return session.getLocalSupportedSignatureAlgorithms();
    }

    @Override
    public String[] getPeerSupportedSignatureAlgorithms() {
        return session.getPeerSupportedSignatureAlgorithms();
    }

    @Override
    public List<SNIServerName> getRequestedServerNames() {
        return session.getRequestedServerNames();
    }

    @Override
    public List<byte[]> getStatusResponses() {
        return session.getStatusResponses();
    }

    @Override
    public byte[] getId() {
        return session.getId();
    }

    @Override
    public SSLSessionContext getSessionContext() {
        return session.getSessionContext();
    }

    @Override
    public long getCreationTime() {
        return session.getCreationTime();
    }

    @Override
    public long getLastAccessedTime() {
        return session.getLastAccessedTime();
    }

    @Override
    public void invalidate() {
        session.invalidate();
    }

    @Override
    public boolean isValid() {
        return session.isValid();
    }

    @Override
    public void putValue(String name, Object value) {
        session.putValue(name, value);
    }

    @Override
    public Object getValue(String name) {
        return session.getValue(name);
    }

    @Override
    public void removeValue(String name) {
        session.removeValue(name);
    }

    @Override
    public String[] getValueNames() {
        return session.getValueNames();
    }

    @Override
    public Certificate[] getLocalCertificates() {
        return session.getLocalCertificates();
    }

    @Override
    public Principal getLocalPrincipal() {
        return session.getLocalPrincipal();
    }

    @Override
    public String getCipherSuite() {
        return session.getCipherSuite();
    }

    @Override
    public String getProtocol() {
        return session.getProtocol();
    }

    @Override
    public String getPeerHost() {
        return session.getPeerHost();
    }

    @Override
    public int getPeerPort() {
        return session.getPeerPort();
    }

    @Override
    public int getPacketBufferSize() {
        return session.getPacketBufferSize();
    }

    @Override
    public int getApplicationBufferSize() {
        return session.getApplicationBufferSize();
    }
}
