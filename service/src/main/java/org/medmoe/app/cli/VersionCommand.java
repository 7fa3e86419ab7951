package org.medmoe.app.cli;

import java.util.concurrent.Callable;
import org.medmoe.app.service.Versions;
import org.medmoe.dicom.NativeCodecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code medmoe version}: the service's version, the versions of the parts it is built on, and
 * which JPEG 2000 and JPEG decoders this process uses (native or the Java fallback).
 */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version of MedMoE Stream and its main components.")
final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.printf("MedMoE Stream %s%n", Versions.service());
        out.printf("  Kafka clients and Streams %s%n", Versions.kafka());
        out.printf("  ONNX Runtime %s%n", Versions.onnxRuntime());
        out.printf("  Avro %s%n", Versions.ofPackage(org.apache.avro.Schema.class));
        out.printf("  Java %s (%s)%n", Runtime.version(), System.getProperty("java.vm.name"));
        out.printf("  JPEG 2000 decoder: %s%n", NativeCodecs.jpeg2000Decoder());
        out.printf("  JPEG decoder: %s%n", NativeCodecs.jpegDecoder());
        out.printf("  JPEG-LS decoder: %s%n", NativeCodecs.jpegLsDecoder());
        out.printf("  12-bit JPEG decoder: %s%n", NativeCodecs.jpeg12Decoder());
        return 0;
    }
}
