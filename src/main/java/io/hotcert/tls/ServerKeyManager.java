package io.hotcert.tls;

import java.net.Socket;
import java.security.Principal;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/** A key manager for the server side only: the listener never authenticates as a client. */
abstract class ServerKeyManager extends X509ExtendedKeyManager {

    @Override
    public final String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public final String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public final String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
