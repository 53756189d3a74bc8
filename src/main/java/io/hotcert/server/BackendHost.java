package io.hotcert.server;

import java.net.URI;

import io.undertow.attribute.ExchangeAttribute;
import io.undertow.attribute.ReadOnlyAttributeException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * The Host a request is forwarded with: the client's, or the backend's own authority when the
 * client sent none (HTTP/1.0 allows that) or an empty one. The proxy speaks HTTP/1.1 to the backend, where Host is
 * required: without one nginx answers 400 and closes the pooled connection. Go's proxy (Caddy)
 * fills in the backend's address the same way.
 */
final class BackendHost implements ExchangeAttribute {

    private final String backendAuthority;

    BackendHost(URI backend) {
        this.backendAuthority = backend.getRawAuthority();
    }

    @Override
    public String readAttribute(HttpServerExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        return host == null || host.isEmpty() ? backendAuthority : host;
    }

    @Override
    public void writeAttribute(HttpServerExchange exchange, String newValue) throws ReadOnlyAttributeException {
        throw new ReadOnlyAttributeException("the Host forwarded to the backend", newValue);
    }
}
