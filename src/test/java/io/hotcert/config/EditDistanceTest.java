package io.hotcert.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class EditDistanceTest {

    @Test
    void countsInsertionsDeletionsAndSubstitutions() {
        assertThat(EditDistance.between("kitten", "sitting")).isEqualTo(3);
        assertThat(EditDistance.between("", "abc")).isEqualTo(3);
        assertThat(EditDistance.between("same", "same")).isZero();
    }

    @Test
    void suggestsTheNearestCandidateWithinTheLimit() {
        var candidates = List.of("http.port", "https.port", "acme.email");

        assertThat(EditDistance.closest("http.prot", candidates, 2)).contains("http.port");
        assertThat(EditDistance.closest("HTTPS.Port", candidates, 2)).contains("https.port");
        assertThat(EditDistance.closest("storage", candidates, 2)).isEmpty();
    }
}
