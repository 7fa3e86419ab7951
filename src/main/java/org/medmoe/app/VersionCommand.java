package org.medmoe.app;

import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code medmoe version}: the service's version and the versions of the parts it is built on. */
@Command(name = "version", description = "Print the version of MedMoE Stream and its main components.")
final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.printf("MedMoE Stream %s%n", Versions.service());
        out.printf("  Kafka clients/Streams %s%n", Versions.ofPackage(KafkaStreams.class));
        out.printf("  Avro %s%n", Versions.ofPackage(org.apache.avro.Schema.class));
        out.printf("  Java %s (%s)%n", Runtime.version(), System.getProperty("java.vm.name"));
        return 0;
    }
}
