/**
 * The composition root: builds the object graph from the validated {@code Settings}, in the order
 * data flows through it (stores, ACME client, renewal service and its guards, web server and its
 * endpoints, daemon and control socket). The only package that imports many {@code io.hotcert}
 * packages, so that every other package sees only the few it works with; the commands in
 * {@code cli} ask it for what they run.
 */
package io.hotcert.app;
