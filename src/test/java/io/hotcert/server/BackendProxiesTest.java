package io.hotcert.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

/** A reload keeps the proxy, and with it the pool of backend connections, while the backend stays. */
class BackendProxiesTest {

    private final BackendProxies proxies = new BackendProxies(BackendLimits.DAEMON, new BackendWaits());

    @Test
    void theSameBackendGetsTheSameProxyAndAnotherOneANewProxy() {
        var first = proxies.to(URI.create("http://127.0.0.1:8080"));

        assertThat(proxies.to(URI.create("http://127.0.0.1:8080"))).isSameAs(first);
        var other = proxies.to(URI.create("http://127.0.0.1:8081"));
        assertThat(other).isNotSameAs(first);
        assertThat(proxies.to(URI.create("http://127.0.0.1:8081"))).isSameAs(other);
    }
}
