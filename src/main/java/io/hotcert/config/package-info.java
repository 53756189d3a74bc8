/**
 * The properties file into a typed, validated {@link io.hotcert.config.Settings}: every key known,
 * every problem of the file collected into one {@link io.hotcert.config.ConfigException} (exit 78)
 * naming the key, invisible characters refused, relative paths resolved against the file's
 * directory. It is the start of the flow: {@code app} builds everything else from the settings,
 * and no other package reads the file.
 */
package io.hotcert.config;
