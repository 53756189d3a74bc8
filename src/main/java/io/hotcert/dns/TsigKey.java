package io.hotcert.dns;

/**
 * The key that signs updates: its name as the server knows it, its algorithm as written in the
 * configuration ({@code hmac-sha256}, ...) and the base64 secret, which {@link #toString()} never shows.
 */
public record TsigKey(String name, String algorithm, String secret) {

    @Override
    public String toString() {
        return "TsigKey[name=" + name + ", algorithm=" + algorithm + ", secret=<hidden>]";
    }
}
