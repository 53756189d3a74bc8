/**
 * When the daemon checks: {@code renew.schedule}, or twice a day at times this installation picked
 * at random (with the seed for the renewal's moment in the lifetime window), kept in
 * {@code state/schedule.properties} and picked again on another machine. One Quartz thread with an
 * in-memory store fires the checks, which {@code daemon} runs on its renewal thread.
 */
package io.hotcert.schedule;
