/**
 * Renewal's decisions: whether the stored certificate is due (the policy, with the CA's window
 * kept up to date by the planner, or this installation's moment in the lifetime window from the
 * jitter), whether the clock can be trusted to judge (behind the build or the certificate, ahead
 * of the CA), and how long to wait after failures, by what each cost the CA.
 * {@code RenewalService} runs one renewal in the project's order (policy, {@code acme}'s issuer,
 * {@code crypto}'s chain check, {@code storage}'s atomic store, then the deployment) for the
 * daemon or a one-shot command; what it must remember between runs, {@code state} keeps.
 */
package io.hotcert.renewal;
