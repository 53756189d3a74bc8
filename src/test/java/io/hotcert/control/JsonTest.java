package io.hotcert.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ProtocolException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The control protocol's values keep the types its readers check, whichever parser reads them. */
class JsonTest {

    @Test
    void numbersComeBackAsLongOrDoubleAndNestedValuesAsMapsAndLists() throws ProtocolException {
        Map<String, Object> parsed = Json.parseObject(
                "{\"exit\":0,\"ratio\":0.5,\"payload\":{\"list\":[1,\"a\",true,null]}}", "line");

        assertThat(parsed.get("exit")).isEqualTo(0L);
        assertThat(parsed.get("ratio")).isEqualTo(0.5);
        assertThat(parsed.get("payload")).isEqualTo(Map.of("list", Arrays.asList(1L, "a", true, null)));
    }

    @Test
    void aMisspeltWordIsPointedAtWhereItStartsAndACharacterWhereItIs() {
        assertThatThrownBy(() -> Json.parseObject("{\"force\":tru}", "request"))
                .hasMessage("request is not one JSON object: unexpected character 't' at character 10: {\"force\":tru}");
        assertThatThrownBy(() -> Json.parseObject("{\"a\" 1}", "request"))
                .hasMessageContaining("unexpected character '1' at character 6");
        assertThatThrownBy(() -> Json.parseObject("", "request")).hasMessageContaining("the line ends before");
    }

    @Test
    void aLineKeepsNullsAndItsOrderAndIsOneLine() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("progress", "a\nb");
        fields.put("none", null);
        fields.put("list", List.of(1L));

        assertThat(Json.line(fields)).isEqualTo("{\"progress\":\"a\\nb\",\"none\":null,\"list\":[1]}");
    }
}
