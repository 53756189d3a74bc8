package io.hotcert.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, 127.0.0.1",
            "0.0.0.0, 0.0.0.0",
            "::1, ::1",
            "0:0:0:0:0:0:0:1, ::1",
            "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
            "2001:0db8:0000:0001:0000:0000:0000:0001, 2001:db8:0:1::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:db8:1:1:1:1:0:1, 2001:db8:1:1:1:1:0:1",
            "::, ::",
            "fe80::, fe80::",
            "::192.0.2.1, ::c000:201",
    })
    void writesEachAddressInOneForm(String text, String canonical) {
        assertThat(IpAddresses.canonical(text)).contains(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"010.0.0.1", "127.0.0.01", "256.0.0.1", "1.2.3", "[::1]", "fe80::1%eth0",
            "::ffff:192.0.2.1", "board.example.test", "1:2:3:4:5:6:7:8:9", ":::1", "localhost"})
    void refusesWhatIsNoAddressOrIsAmbiguous(String text) {
        assertThat(IpAddresses.canonical(text)).isEmpty();
    }

    @Test
    void writesAddressesReadFromCertificatesTheSameWay() throws Exception {
        assertThat(IpAddresses.canonical(InetAddress.getByName("0:0:0:0:0:0:0:1"))).isEqualTo("::1");
        assertThat(IpAddresses.canonical(InetAddress.getByName("192.0.2.7"))).isEqualTo("192.0.2.7");
        assertThat(IpAddresses.address("::1").getAddress()).hasSize(16).endsWith((byte) 1);
    }
}
