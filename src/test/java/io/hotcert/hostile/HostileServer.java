package io.hotcert.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;


import io.hotcert.crypto.KeyType;
import io.hotcert.config.TlsEngineChoice;
import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.testing.TestCa;
import io.hotcert.testing.TlsPass;
import io.hotcert.server.StaticFiles;
import io.hotcert.tls.ListenerTls;
import io.hotcert.tls.NativeTlsUnavailableException;
import io.hotcert.tls.TlsEngineSelector;
import io.hotcert.tls.SwappableKeyManager;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;

/**
 * What the attacked listener serves, with the daemon's TLS setup: a small answer, a request body
 * read to its end at {@code /upload}, and static files (one of 1 MiB) under {@code /files/}.
 */
final class HostileServer {

    static final String NAME = "board1.example.test";

    static final String BIG_FILE = "/files/big.bin";
    static final int BIG_FILE_BYTES = 1 << 20;

    private final SwappableKeyManager keyManager = new SwappableKeyManager();
    private final Path files;

    HostileServer(Path files) throws IOException {
        this.files = files;
        Files.write(files.resolve("big.bin"), new byte[BIG_FILE_BYTES]);
        TestCa intermediate = TestCa.root("Root").intermediate("Intermediate");
        KeyPair key = new KeyPairFactory().generate(KeyType.EC_P256);
        keyManager.install(new CertificateSet(key.getPrivate(), List.of(intermediate.leaf(key.getPublic(),
                List.of(NAME)), intermediate.certificate())));
    }

    /** The engine the daemon runs by default: the native one where it loads, else the JDK's. */
    ListenerTls tls() {
        try {
            ListenerTls tls = new TlsEngineSelector().select(TlsEngineChoice.AUTO, keyManager);
            if (tls.engine() != TlsPass.expectedEngine()) {
                throw new AssertionError("auto picked " + tls.engine() + " where this pass expects "
                        + TlsPass.expectedEngine());
            }
            return tls;
        } catch (NativeTlsUnavailableException e) {
            throw new AssertionError("auto falls back to the JDK's engine instead of refusing", e);
        }
    }

    HttpHandler handler() {
        HttpHandler small = exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            exchange.getResponseSender().send("ok " + exchange.getProtocol());
        };
        HttpHandler upload = exchange -> exchange.getRequestReceiver().receiveFullBytes(
                (done, body) -> done.getResponseSender().send("received " + body.length));
        return Handlers.path(small).addPrefixPath("/upload", upload)
                .addPrefixPath("/files", StaticFiles.from(files));
    }
}
