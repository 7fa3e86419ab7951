package org.medmoe.devtools.bench.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.medmoe.testing.dicom.DebianSamples;
import org.medmoe.testing.dicom.PythonReference;

/**
 * The benchmark runs end to end (short) and prints both sides, the ratio, and a per-syntax table
 * whose rows agree with the files: each row's transfer syntax is one that pydicom reads in them, and
 * a row counts no more files than pydicom finds in that syntax.
 */
class DicomBenchmarkTest {
    /** A row of the per-syntax table: name, (UID without 1.2.840.10008.), files, Java im/s, pydicom, ratio. */
    private static final Pattern ROW = Pattern.compile(
            "(?m)^(\\S.*?) \\((\\S+)\\) +(\\d+) +[\\d.]+ +[\\d.]+ +[\\d.]+x +\\d+% +\\d+% +\\d+%$");

    @Test
    void shouldPrintBothSidesTheRatioAndARowPerTransferSyntaxOfTheFiles() throws Exception {
        List<Path> files = DebianSamples.pydicom();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DicomBenchmark.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), files,
                PythonReference.projectDir().resolve("tools/dicom/bench_pydicom.py"), 0.5);
        String out = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(out);
        assertThat(out).contains("== uncompressed transfer syntaxes only").contains("MedMoE Stream (Java)")
                .contains("pydicom + numpy + PIL").containsPattern("ratio .*x").contains("== per transfer syntax");

        Map<String, Integer> pydicomCounts = pydicomFilesPerSyntax(files);
        Map<String, Integer> rows = new TreeMap<>();
        String table = out.substring(out.indexOf("== per transfer syntax"));
        Matcher row = ROW.matcher(table);
        while (row.find()) {
            String uid = row.group(2).startsWith("1.2.840.10008.") ? row.group(2) : "1.2.840.10008." + row.group(2);
            assertThat(rows.put(uid, Integer.parseInt(row.group(3)))).as("one row per syntax: %s", uid).isNull();
        }
        assertThat(rows).as(table).containsKey("1.2.840.10008.1.2.1");
        rows.forEach((uid, count) -> assertThat(count).as("files of %s (pydicom finds %s)", uid,
                pydicomCounts.get(uid)).isBetween(1, pydicomCounts.getOrDefault(uid, 0)));
        assertThat(table).contains("Explicit VR Little Endian (1.2.1)");
    }

    /** How many of {@code files} pydicom reads in each transfer syntax. */
    private static Map<String, Integer> pydicomFilesPerSyntax(List<Path> files) {
        List<String> args = new ArrayList<>();
        files.forEach(f -> args.add(f.toString()));
        Map<String, Integer> counts = new TreeMap<>();
        for (String line : PythonReference.run("transfer_syntaxes.py", args).split("\n")) {
            if (line.contains("\t")) {
                counts.merge(line.substring(0, line.indexOf('\t')), 1, Integer::sum);
            }
        }
        return counts;
    }
}
