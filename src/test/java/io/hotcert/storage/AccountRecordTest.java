package io.hotcert.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.MalformedURLException;
import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which terms of service an account record says were agreed, and when the CA shows others. */
class AccountRecordTest {

    private static final URI DIRECTORY = URI.create("https://ca.example.test/directory");
    private static final URI TERMS_1 = URI.create("https://ca.example.test/tos-1");
    private static final URI TERMS_2 = URI.create("https://ca.example.test/tos-2");

    private static AccountRecord agreedTo(Optional<URI> terms) throws MalformedURLException {
        return AccountRecord.registered(DIRECTORY, URI.create("https://ca.example.test/acct/1").toURL(), terms);
    }

    @Test
    void theSameTermsAgainChangeNothing() throws Exception {
        AccountRecord record = agreedTo(Optional.of(TERMS_1));

        assertThat(record.seeingTerms(TERMS_1)).isEqualTo(record);
        assertThat(record.termsChanged()).isFalse();
    }

    @Test
    void otherTermsAreAChangeWhileTheAgreedOnesStay() throws Exception {
        AccountRecord seeing = agreedTo(Optional.of(TERMS_1)).seeingTerms(TERMS_2);

        assertThat(seeing.termsChanged()).isTrue();
        assertThat(seeing.termsOfService()).contains(TERMS_1);
        assertThat(seeing.termsOfServiceSeen()).contains(TERMS_2);
    }

    @Test
    void theCaGoingBackToTheAgreedTermsEndsTheChange() throws Exception {
        AccountRecord back = agreedTo(Optional.of(TERMS_1)).seeingTerms(TERMS_2).seeingTerms(TERMS_1);

        assertThat(back.termsChanged()).isFalse();
        assertThat(back).isEqualTo(agreedTo(Optional.of(TERMS_1)));
    }

    @Test
    void aRecordFromBeforeTermsWereKeptTakesTheCurrentOnesAsAgreed() throws Exception {
        AccountRecord seeing = agreedTo(Optional.empty()).seeingTerms(TERMS_2);

        assertThat(seeing.termsOfService()).contains(TERMS_2);
        assertThat(seeing.termsChanged()).isFalse();
    }
}
