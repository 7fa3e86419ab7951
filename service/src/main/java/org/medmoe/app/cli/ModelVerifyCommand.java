package org.medmoe.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.medmoe.model.ModelException;
import org.medmoe.model.ModelVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code medmoe model verify DIR}: the SHA-256 of every file the manifest lists, always computed,
 * one line per file as it is done, then a summary with the hashing throughput. The matching files
 * are recorded, so the next start of the service hashes none of them. Exit code 0 when every file
 * matches, 1 when one is missing or differs, 2 when the directory or its manifest cannot be used.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Compute the SHA-256 of every model file, compare with model.json and record the result.")
final class ModelVerifyCommand implements Callable<Integer> {
    static final int EXIT_MISMATCH = 1;
    static final int EXIT_UNUSABLE = 2;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The model directory (model.json and the files it lists).")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ModelVerifier.Summary summary;
        try {
            summary = new ModelVerifier().verify(dir, r -> {
                out.println(line(r));
                out.flush();
            });
        } catch (ModelException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("medmoe model verify: " + e.getMessage());
            err.flush();
            return EXIT_UNUSABLE;
        }
        out.println(summary(summary));
        out.flush();
        return summary.ok() ? 0 : EXIT_MISMATCH;
    }

    static String line(ModelVerifier.FileResult r) {
        String sizes = r.name() + "  " + r.actualBytes() + " bytes  ";
        String hashes = "SHA-256 is " + r.actualSha256() + ", the manifest says " + r.expectedSha256();
        return switch (r.status()) {
            case OK -> sizes + "OK";
            case HASH_MISMATCH -> sizes + "MISMATCH: " + hashes;
            case SIZE_MISMATCH -> sizes + "MISMATCH: the manifest says " + r.expectedBytes() + " bytes; " + hashes;
            case MISSING -> r.name() + "  MISSING (the manifest says " + r.expectedBytes() + " bytes, SHA-256 "
                    + r.expectedSha256() + ")";
        };
    }

    static String summary(ModelVerifier.Summary s) {
        long ok = s.files().stream().filter(ModelVerifier.FileResult::ok).count();
        long missing = s.files().stream().filter(f -> f.status() == ModelVerifier.Status.MISSING).count();
        String text = String.format(Locale.ROOT, "%d files, %d bytes hashed in %.3f s (%.1f MB/s): %d OK", s.files().size(),
                s.bytesHashed(), s.nanos() / 1e9, s.megabytesPerSecond(), ok);
        long mismatched = s.files().size() - ok - missing;
        if (mismatched > 0) {
            text += ", " + mismatched + " mismatched";
        }
        if (missing > 0) {
            text += ", " + missing + " missing";
        }
        return text + (s.recordedIn() != null ? "; recorded in " + s.recordedIn()
                : "; not recorded: " + s.notRecordedBecause());
    }
}
