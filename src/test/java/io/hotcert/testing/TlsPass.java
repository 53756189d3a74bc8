package io.hotcert.testing;

import java.util.List;

import io.hotcert.tls.TlsEngine;

/**
 * Which TLS engine this run of the tests expects {@code https.tls-engine=auto} to pick. {@code mvn
 * verify} runs the suite on the native engine, then again with {@value #NATIVE_OFF}{@code =true},
 * which keeps Netty from loading BoringSSL as on a board without the natives, so that {@code auto}
 * takes the JDK's TLS by the fallback path a board takes.
 */
public final class TlsPass {

    /** Netty's own switch: the native library counts as unavailable, with this as the reason. */
    public static final String NATIVE_OFF = "io.netty.handler.ssl.noOpenSsl";

    private TlsPass() {
    }

    /** True in the pass on the JDK's TLS. */
    public static boolean nativeOff() {
        return Boolean.parseBoolean(System.getProperty(NATIVE_OFF));
    }

    /** The engine {@code auto} runs on in this pass: its name is what status and metrics must say. */
    public static TlsEngine expectedEngine() {
        return nativeOff() ? TlsEngine.JDK : TlsEngine.OPENSSL;
    }

    /** What a hotcert JVM a test starts needs on its command line to run in the same pass. */
    static List<String> childJvmOptions() {
        String value = System.getProperty(NATIVE_OFF);
        return value == null ? List.of() : List.of("-D" + NATIVE_OFF + "=" + value);
    }
}
