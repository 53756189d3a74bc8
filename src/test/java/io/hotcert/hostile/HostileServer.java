package io.hotcert.hostile;

import java.security.KeyPair;
import java.util.List;

import javax.net.ssl.SSLContext;

import io.hotcert.config.KeyType;
import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.testing.TestCa;
import io.hotcert.tls.ServerTls;
import io.hotcert.tls.SwappableKeyManager;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;

/** What the attacked listener serves: the daemon's TLS setup and a small answer. */
final class HostileServer {

    static final String NAME = "board1.example.test";

    private final SwappableKeyManager keyManager = new SwappableKeyManager();

    HostileServer() {
        TestCa intermediate = TestCa.root("Root").intermediate("Intermediate");
        KeyPair key = new KeyPairFactory().generate(KeyType.EC_P256);
        keyManager.install(new CertificateSet(key.getPrivate(), List.of(intermediate.leaf(key.getPublic(),
                List.of(NAME)), intermediate.certificate())));
    }

    SSLContext tls() {
        return ServerTls.context(keyManager);
    }

    HttpHandler handler() {
        return exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            exchange.getResponseSender().send("ok " + exchange.getProtocol());
        };
    }
}
