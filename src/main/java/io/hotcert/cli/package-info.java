/**
 * The picocli commands and nothing else: {@code run}, {@code renew} (with {@code --force} and
 * {@code --dry-run}), {@code status} and {@code check-config}, the shared {@code --config} option,
 * the contract's exit codes and the one handler that turns a failure into a message and an exit
 * code. A command loads the settings from {@code config}, asks the running daemon through
 * {@code control} where that applies, and otherwise has {@code app} build what it runs in-process.
 */
package io.hotcert.cli;
