/**
 * The deploy hook: {@code hooks.deploy} split into words without a shell, run after each renewal
 * with {@code HOTCERT_*} variables that name the new set's archive directory, killed after 60 s,
 * its output logged (100 lines at most, a private key masked). It is the last step of the flow:
 * the renewal service's deployment runs it after the store and the listener swap, and whatever
 * goes wrong with it is logged and does not undo the renewal.
 */
package io.hotcert.hooks;
