package io.hotcert.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * An {@link EndToEnd} or {@link Slow} test that runs hotcert's HTTPS listener (serving, proxying,
 * swaps, tls-alpn-01, status and metrics that name the engine): {@code mvn verify} runs these a
 * second time on the JDK's TLS ({@link TlsPass}). Only these, since a second pass of every one of
 * them would add more than two minutes to CI's ten; the others never reach a TLS engine.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(ServesHttps.TAG)
public @interface ServesHttps {

    /** The tag the pom's end-to-end-jdk-tls execution includes. */
    String TAG = "serves-https";
}
