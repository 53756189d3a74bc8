package io.hotcert.crypto;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names a certificate is for: its DNS names and IP addresses (the latter in
 * {@link IpAddresses}' canonical form), and which host names they cover.
 */
final class SubjectAltNames {

    /** The GeneralName tags of a dNSName and an iPAddress (RFC 5280, 4.2.1.6). */
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private SubjectAltNames() {
    }

    /** The certificate's DNS subjectAltNames, in certificate order. */
    static List<String> dnsNames(X509Certificate certificate) throws CertificateParsingException {
        return of(certificate, Set.of(DNS_NAME));
    }

    /** The certificate's iPAddress subjectAltNames in canonical form, in certificate order. */
    static List<String> ipAddresses(X509Certificate certificate) throws CertificateParsingException {
        return of(certificate, Set.of(IP_ADDRESS));
    }

    /** DNS names and IP addresses, in certificate order; other name kinds are left out. */
    static List<String> all(X509Certificate certificate) throws CertificateParsingException {
        return of(certificate, Set.of(DNS_NAME, IP_ADDRESS));
    }

    private static List<String> of(X509Certificate certificate, Set<Integer> tags) throws CertificateParsingException {
        Collection<List<?>> altNames = certificate.getSubjectAlternativeNames();
        if (altNames == null) {
            return List.of();
        }
        return altNames.stream()
                .filter(entry -> tags.contains((Integer) entry.get(0)))
                .map(entry -> entry.get(0).equals(IP_ADDRESS) ? ipAddress((String) entry.get(1)) : (String) entry.get(1))
                .toList();
    }

    /** The JDK writes IPv6 SANs in full ({@code 0:0:0:0:0:0:0:1}); an unreadable one stays as it was written. */
    private static String ipAddress(String jdkText) {
        return IpAddresses.canonical(jdkText).orElse(jdkText);
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
