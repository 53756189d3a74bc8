package io.hotcert.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * A test that needs what the unit tier must not: Pebble, a daemon in a process of its own, or the
 * machine beyond loopback sockets of its own. {@code mvn test} leaves it out so that it runs in
 * under a minute on a machine without Pebble; {@code mvn verify} runs it with Failsafe.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(EndToEnd.TAG)
public @interface EndToEnd {

    /** The tag the pom's Surefire excludes and Failsafe includes. */
    String TAG = "end-to-end";
}
