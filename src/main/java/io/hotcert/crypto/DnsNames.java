package io.hotcert.crypto;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** The DNS names a certificate is for, and which host names they cover. */
final class DnsNames {

    /** The GeneralName tag of a dNSName (RFC 5280, 4.2.1.6). */
    private static final int DNS_NAME = 2;

    private DnsNames() {
    }

    /** The certificate's DNS subjectAltNames, in certificate order; other name kinds are left out. */
    static List<String> of(X509Certificate certificate) throws CertificateParsingException {
        Collection<List<?>> altNames = certificate.getSubjectAlternativeNames();
        if (altNames == null) {
            return List.of();
        }
        return altNames.stream()
                .filter(entry -> entry.get(0).equals(DNS_NAME))
                .map(entry -> (String) entry.get(1))
                .toList();
    }

    /**
     * Whether a certificate name covers a host name, ignoring case. A wildcard {@code *.example.test}
     * stands for exactly one leftmost label (RFC 6125, 6.4.3): it covers {@code a.example.test} but
     * neither {@code example.test} nor {@code a.b.example.test}.
     */
    static boolean covers(String certificateName, String hostName) {
        String pattern = certificateName.toLowerCase(Locale.ROOT);
        String host = hostName.toLowerCase(Locale.ROOT);
        if (pattern.equals(host)) {
            return true;
        }
        if (!pattern.startsWith("*.")) {
            return false;
        }
        String parent = pattern.substring(1);
        String label = host.endsWith(parent) ? host.substring(0, host.length() - parent.length()) : "";
        return !label.isEmpty() && !label.contains(".");
    }
}
