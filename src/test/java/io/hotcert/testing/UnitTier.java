package io.hotcert.testing;

/**
 * Guards the unit tier: Surefire sets {@value #PROPERTY}, and what a unit test must not start
 * refuses to, so that a test missing its {@link EndToEnd} tag fails {@code mvn test} loudly
 * instead of needing Pebble or a daemon there.
 */
final class UnitTier {

    static final String PROPERTY = "hotcert.test.tier";

    private UnitTier() {
    }

    /** @param what what the caller was about to start, for the failure message */
    static void refuse(String what) {
        if ("unit".equals(System.getProperty(PROPERTY))) {
            throw new IllegalStateException(what + " started in the unit tier (mvn test): annotate the test"
                    + " class or method @EndToEnd so that it runs in mvn verify");
        }
    }
}
