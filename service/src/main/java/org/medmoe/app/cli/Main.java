package org.medmoe.app.cli;

import java.time.Duration;
import org.medmoe.registry.AvroLimits;
import picocli.CommandLine;

/**
 * Entry point of the {@code medmoe} command line of the service (the image's entry point). The tools
 * module's entry point builds the same command line with {@link #commandLine(Object...)}, adding its
 * commands, and runs it with {@link #execute}.
 */
public final class Main {
    static {
        // Before any Avro class reads its limits: what one record may make the decoder allocate.
        AvroLimits.apply();
    }

    private Main() {
    }

    /** Avro 1.12 instantiates only classes of trusted packages; ours are the generated records. */
    static final String AVRO_TRUSTED_PACKAGES = "org.apache.avro.SERIALIZABLE_PACKAGES";

    public static void main(String[] args) {
        System.exit(execute(commandLine(), args));
    }

    /**
     * The {@code medmoe} command with the service's subcommands; {@code extraCommands} (picocli command
     * objects) come first, in the order given. A mistake is one line on standard error ({@link CliErrors});
     * duration options take milliseconds, a number with a unit or ISO-8601 ({@link DurationConverter}).
     */
    public static CommandLine commandLine(Object... extraCommands) {
        CommandLine commandLine = new CommandLine(new MedMoeCommand());
        for (Object command : extraCommands) {
            commandLine.addSubcommand(command);
        }
        for (Object command : MedMoeCommand.serviceCommands()) {
            commandLine.addSubcommand(command);
        }
        CliErrors errors = new CliErrors();
        commandLine.setParameterExceptionHandler(errors);
        commandLine.setExecutionExceptionHandler(errors);
        commandLine.registerConverter(Duration.class, new DurationConverter());
        return commandLine;
    }

    /** Runs {@code commandLine} on {@code args}, with the generated records trusted; returns the exit code. */
    public static int execute(CommandLine commandLine, String[] args) {
        trustGeneratedRecords();
        return commandLine.execute(args);
    }

    static void trustGeneratedRecords() {
        String trusted = System.getProperty(AVRO_TRUSTED_PACKAGES, "");
        if (!trusted.contains("org.medmoe.schema")) {
            System.setProperty(AVRO_TRUSTED_PACKAGES, trusted.isEmpty() ? "org.medmoe.schema"
                    : trusted + ",org.medmoe.schema");
        }
    }
}
