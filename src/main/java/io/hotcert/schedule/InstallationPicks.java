package io.hotcert.schedule;

/**
 * The random choices one installation makes at its first start, so that a fleet does not act in step.
 *
 * @param cron        the default check schedule: twice a day at a picked second, minute and hour
 * @param renewalSeed where in the lifetime rule's window this installation renews each certificate
 */
public record InstallationPicks(String cron, long renewalSeed) {
}
