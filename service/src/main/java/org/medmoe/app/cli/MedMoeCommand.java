package org.medmoe.app.cli;

import java.util.List;
import org.medmoe.app.service.Versions;
import picocli.CommandLine.Command;

/**
 * The top-level {@code medmoe} command; subcommands do the work. {@link Main#commandLine(Object...)}
 * adds them: the tools module's first, when there are any, then the service's.
 */
@Command(name = "medmoe", mixinStandardHelpOptions = true, versionProvider = MedMoeCommand.Version.class,
        description = "MedMoE Stream: Med-MoE findings, triage and report drafts for new PACS studies, on Kafka.")
public final class MedMoeCommand {

    /** The service's subcommands, in the order {@code --help} lists them. */
    static List<Object> serviceCommands() {
        return List.of(new RunCommand(), new InferCommand(), new ModelCommand(), new InspectCommand(),
                new BridgeCommand(), new TopologyCommand(), new ConfigCommand(), new DeadLettersCommand(),
                new ReadCommand(), new VersionCommand());
    }

    /** {@code --version}. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"MedMoE Stream " + Versions.service()};
        }
    }
}
