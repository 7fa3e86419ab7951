package org.medmoe.app;

import picocli.CommandLine.Command;

/** The top-level {@code medmoe} command; subcommands do the work. */
@Command(name = "medmoe", mixinStandardHelpOptions = true, versionProvider = MedMoeCommand.Version.class,
        description = "MedMoE Stream: Med-MoE findings, triage and report drafts for new PACS studies, on Kafka.",
        subcommands = {DemoCommand.class, RunCommand.class, InferCommand.class, InspectCommand.class, BridgeCommand.class,
            TopologyCommand.class, BenchCommand.class, ConfigCommand.class, DeadLettersCommand.class,
            VersionCommand.class})
public final class MedMoeCommand {

    /** {@code --version}. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"MedMoE Stream " + Versions.service()};
        }
    }
}
