package org.medmoe.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.dicom.FrameSelection;
import org.medmoe.dicom.Inspection;
import org.medmoe.imaging.PreprocessSpec;
import org.medmoe.imaging.Preprocessor;
import org.medmoe.imaging.WindowPresets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code medmoe inspect FILE|DIR...}: one JSON object per DICOM file (one per line) saying what
 * the service will see in it. Exit code 0 when every file decoded, 1 when some did not.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show what the service sees in DICOM files: header, decode status, value and tensor statistics.")
public final class InspectCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "DICOM files, or folders searched recursively.")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--show-identifiers", description = "Include patient name, patient ID and accession number.")
    boolean showIdentifiers;

    @Option(names = "--size", defaultValue = "336", description = "Model input size in pixels (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--fit", defaultValue = "CROP", description = "CROP or PAD (default ${DEFAULT-VALUE}).")
    PreprocessSpec.Fit fit;

    @Option(names = "--frames", defaultValue = "MIDDLE",
            description = "Frame of multi-frame objects: FIRST, MIDDLE (default ${DEFAULT-VALUE}).")
    FrameSelection.Policy frames;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (size < 1) {
            throw new ParameterException(spec.commandLine(), "--size must be at least 1 (pixels), got " + size);
        }
        for (Path input : inputs) {
            if (!Files.exists(input)) {
                throw new ParameterException(spec.commandLine(), "no such file or folder: " + input);
            }
        }
        Inspection inspection = new Inspection(new DicomImageReader(DecodeLimits.defaults()),
                new Preprocessor(PreprocessSpec.medMoe(size, fit)), WindowPresets.defaults(),
                new FrameSelection(frames, 1));
        ObjectMapper json = new ObjectMapper();
        PrintWriter out = spec.commandLine().getOut();
        boolean allDecoded = true;
        for (Path file : files()) {
            var result = inspection.inspect(file, showIdentifiers);
            allDecoded &= "decoded".equals(result.get("status"));
            out.println(json.writeValueAsString(result));
        }
        out.flush();
        return allDecoded ? 0 : 1;
    }

    private List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    walk.filter(Files::isRegularFile).sorted().forEach(files::add);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            } else {
                files.add(input);
            }
        }
        return files;
    }
}
