/**
 * The command line of the service: {@link org.medmoe.app.cli.Main}, the top-level command and the
 * subcommands a deployment runs ({@code run}, {@code bridge}, {@code infer}, {@code inspect},
 * {@code config}, {@code topology}, {@code dead-letters}, {@code version}, {@code model verify}).
 * Commands parse options, load the configuration and hand over to the running service
 * ({@code app.service}), operations ({@code app.ops}) or the dead-letter tools
 * ({@code app.deadletters}); other commands (the demo, the benchmarks) are added by the tools module
 * through {@link org.medmoe.app.cli.Main#commandLine}. A mistake is one line on standard error
 * ({@code CliErrors}); duration options share one reader ({@code DurationConverter}).
 */
package org.medmoe.app.cli;
