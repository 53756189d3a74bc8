package io.hotcert.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;


class SigningRequestsTest {

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "RSA_2048"})
    void namesTheFirstDomainAsSubjectAndAllAsAlternativeNames(KeyType type) throws Exception {
        var key = new KeyPairFactory().generate(type);

        var csr = new PKCS10CertificationRequest(SigningRequests.create(key, List.of("zz.example.test", "aa.example.test")));

        assertThat(IETFUtils.valueToString(csr.getSubject().getRDNs(BCStyle.CN)[0].getFirst().getValue()))
                .isEqualTo("zz.example.test");
        Extensions extensions = Extensions.getInstance(
                csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0].getAttrValues().getObjectAt(0));
        var names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName).getNames();
        assertThat(Arrays.stream(names).filter(n -> n.getTagNo() == GeneralName.dNSName).map(n -> n.getName().toString()))
                .containsExactly("zz.example.test", "aa.example.test");
        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key.getPublic()))).isTrue();
    }

    @Test
    void placesIpAddressesAsIpSansAndNamesNoSubjectWhenTheFirstIsOne() throws Exception {
        var key = new KeyPairFactory().generate(KeyType.EC_P256);

        var csr = new PKCS10CertificationRequest(SigningRequests.create(key, List.of("::1", "127.0.0.1", "board.example.test")));

        assertThat(csr.getSubject().getRDNs()).isEmpty();
        var names = alternativeNames(csr);
        assertThat(Arrays.stream(names).filter(n -> n.getTagNo() == GeneralName.iPAddress)
                .map(n -> IpAddresses.canonical(addressOf(n)))).containsExactly("::1", "127.0.0.1");
        assertThat(Arrays.stream(names).filter(n -> n.getTagNo() == GeneralName.dNSName).map(n -> n.getName().toString()))
                .containsExactly("board.example.test");
    }

    @Test
    void namesADnsNameFirstAsSubjectBesideIpAddresses() throws Exception {
        var key = new KeyPairFactory().generate(KeyType.EC_P256);

        var csr = new PKCS10CertificationRequest(SigningRequests.create(key, List.of("board.example.test", "192.0.2.7")));

        assertThat(IETFUtils.valueToString(csr.getSubject().getRDNs(BCStyle.CN)[0].getFirst().getValue()))
                .isEqualTo("board.example.test");
        assertThat(Arrays.stream(alternativeNames(csr)).map(GeneralName::getTagNo))
                .containsExactlyInAnyOrder(GeneralName.dNSName, GeneralName.iPAddress);
    }

    private static GeneralName[] alternativeNames(PKCS10CertificationRequest csr) {
        Extensions extensions = Extensions.getInstance(
                csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0].getAttrValues().getObjectAt(0));
        return GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName).getNames();
    }

    private static InetAddress addressOf(GeneralName name) {
        try {
            return InetAddress.getByAddress(DEROctetString.getInstance(name.getName()).getOctets());
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
