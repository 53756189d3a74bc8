package io.hotcert.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.lang.annotation.RetentionPolicy;

import org.junit.jupiter.api.Tag;

/**
 * A test that takes seconds because it waits out a real timeout or floods a listener: it runs with
 * {@link EndToEnd} tests in {@code mvn verify}, so that {@code mvn test} stays under a minute.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(Slow.TAG)
public @interface Slow {

    /** The tag the pom's Surefire excludes and Failsafe includes. */
    String TAG = "slow";
}
