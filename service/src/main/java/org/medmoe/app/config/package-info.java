/**
 * Typed configuration: every key declared once ({@code ConfigKeys}), loaded from defaults, a YAML
 * file, the environment and the command line; each key carries its validator ({@code ConfigValidator}),
 * and every value is checked when the configuration loads, before anything starts, with errors that
 * name the key, the value and where it came from. Unknown keys and {@code MEDMOE_*} variables that
 * set no key are errors ({@code UnknownKeys}). Secrets come only from the environment and are never
 * printed.
 */
package org.medmoe.app.config;
