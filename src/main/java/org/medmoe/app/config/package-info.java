/**
 * Typed configuration: every key declared once ({@code ConfigKeys}), loaded from defaults, a YAML
 * file, the environment and the command line, validated at start-up with errors that name the key.
 * Secrets come only from the environment and are never printed.
 */
package org.medmoe.app.config;
