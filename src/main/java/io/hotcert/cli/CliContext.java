package io.hotcert.cli;

import java.time.Clock;
import java.util.Map;

/** What the commands take from the world around them, passed in so tests can set it. */
record CliContext(Map<String, String> environment, Clock clock) {
}
