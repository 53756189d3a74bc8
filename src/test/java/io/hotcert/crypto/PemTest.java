package io.hotcert.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;


class PemTest {

    private final KeyPairFactory keys = new KeyPairFactory();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "RSA_2048"})
    void privateKeysAreWrittenAsPkcs8AndReadBack(KeyType type) throws Exception {
        PrivateKey key = keys.generate(type).getPrivate();

        String pem = Pem.encodePrivateKey(key);
        PrivateKey readBack = Pem.readPrivateKey(Files.writeString(dir.resolve("key.pem"), pem));

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(readBack.getEncoded()).isEqualTo(key.getEncoded());
    }

    @Test
    void aKeyWhereCertificatesBelongIsNamedInWords() throws Exception {
        Path file = Files.writeString(dir.resolve("fullchain.pem"), Pem.encodePrivateKey(
                keys.generate(KeyType.EC_P256).getPrivate()));

        assertThatThrownBy(() -> Pem.readCertificates(file))
                .hasMessage(file + ": expected only certificates, found a private key");
    }
}
