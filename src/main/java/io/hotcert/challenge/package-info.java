/**
 * What the plain-HTTP port answers: the key authorization of an HTTP-01 challenge in flight, 404
 * for any other token, and a 301 to HTTPS (always naming a configured domain) for everything else.
 * The tokens come from {@code acme}, which adds each before asking the CA to validate and removes
 * it when the challenge ends; {@code server} runs the handler on its plain-HTTP endpoint, and a
 * one-shot {@code renew} opens a responder only for the duration of its order. With
 * {@code challenge.webroot}, the answers are files for the web server that owns port 80 instead
 * ({@code WebrootChallenges}), and hotcert's plain-HTTP port stays closed.
 */
package io.hotcert.challenge;
