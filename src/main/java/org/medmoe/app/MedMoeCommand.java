package org.medmoe.app;

import picocli.CommandLine.Command;

/** The top-level {@code medmoe} command; subcommands do the work. */
@Command(name = "medmoe", mixinStandardHelpOptions = true, description = "MedMoE Stream")
public final class MedMoeCommand {
}
