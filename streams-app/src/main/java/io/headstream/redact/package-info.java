/**
 * How text that headstream does not control is shown to people: values from records (event
 * fields, exception messages quoting them) escaped and capped so they cannot forge log lines or
 * drive a terminal ({@link io.headstream.redact.LogText}), and secrets found by their shape (PEM
 * blocks, JAAS options, URL userinfo) hidden wherever text is shown
 * ({@link io.headstream.redact.SecretText}).
 *
 * <p>The lowest layer: depends on the JDK only, and every other package may depend on it.
 */
package io.headstream.redact;
