package org.medmoe.app.cli;

import picocli.CommandLine.Command;

/** {@code medmoe model}: commands about a model directory. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Work with a model directory.",
        subcommands = {ModelVerifyCommand.class})
final class ModelCommand {
}
