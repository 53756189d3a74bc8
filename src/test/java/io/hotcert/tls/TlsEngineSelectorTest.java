package io.hotcert.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.hotcert.config.TlsEngineChoice;
import io.hotcert.testing.CapturedLogs;
import io.hotcert.testing.TlsPass;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;

class TlsEngineSelectorTest {

    private static final Throwable MISSING = new UnsatisfiedLinkError(
            "no netty_tcnative_linux_riscv64 in java.library.path");

    private final SwappableKeyManager keyManager = new SwappableKeyManager();
    private final TlsEngineSelector unavailable = new TlsEngineSelector(() -> Optional.of(MISSING));

    /** On the real library: in the pass on the JDK's TLS, Netty is told the natives are missing. */
    @Test
    void eachEngineIsChosenAsAsked() throws Exception {
        var selector = new TlsEngineSelector();

        if (TlsPass.nativeOff()) {
            assertThatThrownBy(() -> selector.select(TlsEngineChoice.OPENSSL, keyManager))
                    .isInstanceOf(NativeTlsUnavailableException.class)
                    .hasMessageContaining("cannot load on this machine", TlsPass.NATIVE_OFF);
        } else {
            assertThat(selector.select(TlsEngineChoice.OPENSSL, keyManager).engine()).isEqualTo(TlsEngine.OPENSSL);
        }
        assertThat(selector.select(TlsEngineChoice.JDK, keyManager).engine()).isEqualTo(TlsEngine.JDK);
        assertThat(selector.select(TlsEngineChoice.AUTO, keyManager).engine()).isEqualTo(TlsPass.expectedEngine());
    }

    @Test
    void theNativeEngineLeavesNettysDefaultAllocatorWithoutAPool() throws Exception {
        new TlsEngineSelector().select(TlsEngineChoice.AUTO, keyManager);

        assertThat(ByteBufAllocator.DEFAULT).isInstanceOf(UnpooledByteBufAllocator.class);
    }

    @Test
    void theJdkEngineDoesNotEvenProbeTheNativeLibrary() throws Exception {
        var selector = new TlsEngineSelector(() -> {
            throw new AssertionError("probed the native library");
        });

        assertThat(selector.select(TlsEngineChoice.JDK, keyManager).engine()).isEqualTo(TlsEngine.JDK);
    }

    @Test
    void autoFallsBackToTheJdkWithOneLineThatSaysWhy() throws Exception {
        try (var logs = new CapturedLogs()) {
            ListenerTls tls = unavailable.select(TlsEngineChoice.AUTO, keyManager);

            assertThat(tls.engine()).isEqualTo(TlsEngine.JDK);
            assertThat(tls.context().getProtocol()).isEqualTo("TLS");
            assertThat(logs.text()).isEqualTo("HTTPS runs on the JDK's TLS, which is several times slower: the native"
                    + " TLS engine (BoringSSL) cannot load on this machine (" + System.getProperty("os.arch") + "): "
                    + MISSING.getMessage());
        }
    }

    @Test
    void opensslThatCannotLoadIsAnErrorNamingTheCause() {
        assertThatThrownBy(() -> unavailable.select(TlsEngineChoice.OPENSSL, keyManager))
                .isInstanceOf(NativeTlsUnavailableException.class)
                .hasMessageContaining("cannot load on this machine")
                .hasMessageEndingWith("no netty_tcnative_linux_riscv64 in java.library.path")
                .hasCause(MISSING);
    }
}
