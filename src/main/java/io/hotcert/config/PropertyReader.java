package io.hotcert.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Reads keys from properties and collects every problem instead of stopping at the first, so the
 * user sees all of them in one go. Keys it does not know are reported as soon as it is created.
 * Problems are prefixed with the key; the parsers only describe the value.
 *
 * <p>Parsers report a bad value by throwing {@link IllegalArgumentException} (or
 * {@link InvalidValueException} for several faults) with a message naming the value and what is
 * expected. Messages from this class never repeat a value, which keeps secrets out of them.
 */
final class PropertyReader {

    private final Properties properties;
    private final List<String> problems = new ArrayList<>();

    /** @param readingProblems what reading the file found already; listed first, as they come first in it */
    PropertyReader(Properties properties, List<String> readingProblems) {
        this.properties = properties;
        problems.addAll(readingProblems);
        reportUnknownKeys();
    }

    /**
     * The parsed value of {@code key}: its default when absent, empty when absent without a
     * default or when the value is bad (which is then recorded as a problem).
     */
    <T> Optional<T> read(ConfigKey key, Function<String, T> parser) {
        String raw = properties.getProperty(key.property());
        if (raw == null) {
            if (key.occurrence() == ConfigKey.Occurrence.REQUIRED) {
                report(key, "required key is missing");
            }
            return key.defaultValue().flatMap(value -> parse(key, value, parser));
        }
        if (raw.isBlank()) {
            // An empty value is ambiguous (unset? default? empty string?), so it is never guessed at.
            report(key, "value is empty; remove the line or give a value");
            return Optional.empty();
        }
        Optional<String> hidden = HiddenCharacters.in(raw);
        if (hidden.isPresent()) {
            report(key, "the value " + hidden.get() + ", which is easy to miss and would change its meaning;"
                    + " remove it");
            return Optional.empty();
        }
        return parse(key, raw, parser);
    }

    /** Whether the file has a line for {@code key}, whatever its value. */
    boolean isSet(ConfigKey key) {
        return properties.getProperty(key.property()) != null;
    }

    void report(ConfigKey key, String problem) {
        problems.add(key.property() + ": " + problem);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    private <T> Optional<T> parse(ConfigKey key, String value, Function<String, T> parser) {
        try {
            return Optional.of(parser.apply(value));
        } catch (InvalidValueException e) {
            e.reasons().forEach(reason -> report(key, reason));
        } catch (IllegalArgumentException e) {
            report(key, e.getMessage());
        }
        return Optional.empty();
    }

    private void reportUnknownKeys() {
        List<String> known = ConfigKey.properties();
        properties.stringPropertyNames().stream()
                .filter(name -> ConfigKey.byProperty(name).isEmpty())
                .sorted()
                .forEach(name -> problems.add(HiddenCharacters.in(name)
                        .map(hidden -> visible(name) + ": the key " + hidden + "; remove it")
                        .orElseGet(() -> name + ": unknown key; " + EditDistance.closest(name, known, 2)
                                .map(suggestion -> "did you mean " + suggestion + "?")
                                .orElse("known keys are " + String.join(", ", known)))));
    }

    /** The name without what cannot be seen, so the message shows what the operator sees in the file. */
    private static String visible(String name) {
        return name.codePoints().filter(c -> HiddenCharacters.in(Character.toString(c)).isEmpty())
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
