package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.app.cli.MedmoeHome;
import org.medmoe.app.cli.ModelLocator;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKey;
import org.medmoe.app.config.ConfigKeys;

/**
 * The Dockerfile, checked without a Docker engine: its stages, that what it copies from the
 * repository exists and passes .dockerignore, that what it copies from the build stage is what
 * the Maven build of the service module makes (the tools module stays out of the image), and that the
 * runtime stage lays out the installation as the launcher does ({@code medmoe.home} with
 * {@code models/tiny} and {@code topology/pipeline.yaml}).
 */
class DockerfileTest {
    private static final Path ROOT = Path.of(System.getProperty("medmoe.project.dir", ".")).toAbsolutePath()
            .normalize();
    private static final Path SERVICE_POM = ROOT.resolve("service/pom.xml");
    private static final Pattern FROM = Pattern.compile("FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?", Pattern.CASE_INSENSITIVE);
    private static final String HOME = "/opt/medmoe";

    /** Instructions per stage name, continuation lines joined, comments dropped. */
    private final Map<String, List<String>> stages = stages(read(ROOT.resolve("Dockerfile")));

    @Test
    void buildsOnDebianAndChoosesTheRuntimeBaseByVariant() {
        assertThat(stages.keySet()).containsExactly("", "build", "runtime-cpu", "runtime-gpu", "runtime");
        assertThat(stages.get("")).contains("ARG VARIANT=cpu");
        assertThat(from("build")).startsWith("debian:");
        assertThat(from("runtime-cpu")).startsWith("debian:");
        assertThat(from("runtime-gpu")).startsWith("nvidia/cuda:12.").contains("cudnn-runtime");
        assertThat(from("runtime")).isEqualTo("runtime-${VARIANT}");
        for (String stage : List.of("build", "runtime-cpu", "runtime-gpu")) {
            String image = from(stage);
            assertThat(image.substring(image.indexOf(':') + 1)).as("tag of %s", image).isNotBlank()
                    .isNotEqualTo("latest");
        }
    }

    @Test
    void theBuildStageInstallsWhatTheLauncherInstallsAndUsesTheGpuProfileForTheGpuVariant() {
        String build = String.join("\n", stages.get("build"));
        for (String line : read(ROOT.resolve("tools/packages/runtime.txt")).split("\n")) {
            String entry = line.replaceAll("#.*", "").trim();
            if (!entry.isEmpty()) {
                String pkg = entry.split("[|@]")[0];
                assertThat(build).as("build stage installs %s (tools/packages/runtime.txt)", pkg).contains(pkg);
            }
        }
        int pixelmed = build.indexOf("RUN tools/install-pixelmed.sh");
        assertThat(pixelmed).as("PixelMed registered with Maven").isPositive();
        assertThat(build.indexOf("mvn -B")).as("before the Maven build").isGreaterThan(pixelmed);
        assertThat(build).contains("VARIANT\" = gpu", "-Pgpu", "-Dmaven.test.skip=true", "-f service/pom.xml");
        assertThat(read(ROOT.resolve("pom.xml"))).contains("<id>gpu</id>");
    }

    @Test
    void bothRuntimeBasesInstallTheNativeDecoders() {
        // Debian (runtime-cpu) names TurboJPEG's package libturbojpeg0, Ubuntu (runtime-gpu) libturbojpeg.
        assertThat(String.join("\n", stages.get("runtime-cpu"))).contains("libopenjp2-7", "libturbojpeg0", "libcharls2",
                "dcmtk");
        assertThat(String.join("\n", stages.get("runtime-gpu"))).contains("libopenjp2-7", "libcharls2", "dcmtk")
                .containsPattern("libturbojpeg\\s");
    }

    @Test
    void theBuildStageHasEveryFolderThePomsRead() {
        Set<String> copied = stages.get("build").stream().filter(i -> i.startsWith("COPY "))
                .map(i -> i.split("\\s+")[1]).collect(Collectors.toSet());
        // The service module reads the repository root through medmoe.root (its parent folder).
        for (String pom : List.of("pom.xml", "service/pom.xml")) {
            Matcher m = Pattern.compile("\\$\\{medmoe\\.root}/([\\w./-]+)").matcher(read(ROOT.resolve(pom)));
            while (m.find()) {
                String read = m.group(1);
                assertThat(copied).as("%s reads %s", pom, read)
                        .anySatisfy(c -> assertThat(read.equals(c) || read.startsWith(c + "/")).isTrue());
            }
        }
        assertThat(copied).contains("pom.xml", "service/pom.xml", "service/src/main", "schemas", "config")
                .noneMatch(c -> c.startsWith("devtools"));
    }

    @Test
    void whatItCopiesFromTheRepositoryExistsAndPassesDockerignore() {
        List<String> ignore = Arrays.stream(read(ROOT.resolve(".dockerignore")).split("\n"))
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> sources = new ArrayList<>();
        stages.values().forEach(instructions -> instructions.stream()
                .filter(i -> i.startsWith("COPY ") && !i.startsWith("COPY --from"))
                .forEach(i -> {
                    String[] parts = i.split("\\s+");
                    sources.addAll(Arrays.asList(parts).subList(1, parts.length - 1));
                }));
        assertThat(sources).isNotEmpty();
        for (String source : sources) {
            assertThat(ROOT.resolve(source)).as("COPY %s", source).exists();
            assertThat(admitted(source, ignore)).as("%s passes .dockerignore", source).isTrue();
        }
        assertThat(admitted("service/target/medmoe-stream.jar", ignore)).as("build output stays out of the context")
                .isFalse();
        assertThat(admitted("devtools/src/main", ignore)).as("the tools module stays out of the context").isFalse();
        assertThat(admitted(".git", ignore)).isFalse();
    }

    @Test
    void theRuntimeStageCopiesTheJarAndLibrariesTheBuildMakes() {
        List<String> runtime = stages.get("runtime");
        String pom = read(SERVICE_POM);
        // finalName, and copy-dependencies to target/lib where the jar's manifest class path looks
        assertThat(pom).contains("<finalName>medmoe-stream</finalName>", "<classpathPrefix>lib/</classpathPrefix>",
                "<outputDirectory>${project.build.directory}/lib</outputDirectory>",
                "<mainClass>org.medmoe.app.cli.Main</mainClass>");
        assertThat(stages.get("build")).contains("WORKDIR /src");
        assertThat(runtime).contains(
                "COPY --from=build /src/service/target/medmoe-stream.jar " + HOME + "/medmoe-stream.jar",
                "COPY --from=build /src/service/target/lib " + HOME + "/lib");
        assertThat(runtime).anySatisfy(i -> assertThat(i).startsWith("ENTRYPOINT ")
                .contains("\"-Dmedmoe.home=" + HOME + "\"", "\"-jar\"", "\"" + HOME + "/medmoe-stream.jar\""));
        assertThat(runtime).contains("CMD [\"run\"]");
        // ONNX Runtime's native libraries, extracted in the build stage, loaded from the image rather than /tmp
        assertThat(String.join("\n", stages.get("build"))).contains("jar xf", "/src/service/target/lib/onnxruntime",
                "ai/onnxruntime/native/$arch", "/src/ort-native");
        assertThat(runtime).contains("COPY --from=build /src/ort-native " + HOME + "/native");
        assertThat(runtime).anySatisfy(i -> assertThat(i).startsWith("ENTRYPOINT ")
                .contains("\"-Donnxruntime.native.path=" + HOME + "/native\""));
        String user = runtime.stream().filter(i -> i.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
        assertThat(user).isNotIn("USER root", "USER 0");
    }

    @Test
    void theServiceFindsItsBundledModelAndPipelineInTheImageLayout(@TempDir Path image) throws IOException {
        // Given the files the runtime stage copies from the repository, at their places in the image
        for (String instruction : stages.get("runtime")) {
            if (instruction.startsWith("COPY ") && !instruction.startsWith("COPY --from")) {
                String[] parts = instruction.split("\\s+");
                copy(ROOT.resolve(parts[1]), image.resolve(parts[2].substring(1)));
            }
        }
        try (MedmoeHome ignored = MedmoeHome.set(image.resolve(HOME.substring(1)))) {
            // When the service looks for its defaults under medmoe.home, as the ENTRYPOINT sets it
            Path model = ModelLocator.modelDir(null);
            Path pipeline = AnalysisWiring.pipelineFile(Config.of(Map.of()));

            // Then both are there
            assertThat(model.resolve("model.json")).isRegularFile();
            assertThat(pipeline).isRegularFile();
        }
    }

    @Test
    void everyMedmoeVariableItSetsIsAConfigurationKey() {
        Set<String> keys = ConfigKeys.ALL.stream().map(ConfigKey::environmentVariable).collect(Collectors.toSet());
        stages.values().forEach(instructions -> instructions.stream().filter(i -> i.startsWith("ENV "))
                .forEach(i -> Arrays.stream(i.substring(4).trim().split("\\s+"))
                        .map(kv -> kv.split("=", 2)[0]).filter(n -> n.startsWith("MEDMOE_"))
                        .forEach(n -> assertThat(keys).as("ENV %s", n).contains(n))));
    }

    private String from(String stage) {
        Matcher m = FROM.matcher(stages.get(stage).get(0));
        assertThat(m.matches()).as(stages.get(stage).get(0)).isTrue();
        return m.group(1);
    }

    /** Whether .dockerignore lets {@code path} into the context: the last matching line decides. */
    private static boolean admitted(String path, List<String> ignore) {
        boolean in = true;
        for (String line : ignore) {
            boolean negated = line.startsWith("!");
            String pattern = (negated ? line.substring(1) : line).replaceAll("/+$", "");
            if (pattern.equals("*") || path.equals(pattern) || path.startsWith(pattern + "/")) {
                in = negated;
            }
        }
        return in;
    }

    private static Map<String, List<String>> stages(String dockerfile) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String current = "";
        out.put(current, new ArrayList<>());
        StringBuilder pending = new StringBuilder();
        for (String raw : dockerfile.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && pending.length() == 0)) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            String instruction = (pending + line).replaceAll("\\s+", " ").trim();
            pending.setLength(0);
            Matcher m = FROM.matcher(instruction);
            if (m.matches()) {
                current = m.group(2) == null ? "stage-" + out.size() : m.group(2);
                out.put(current, new ArrayList<>());
            }
            out.get(current).add(instruction);
        }
        return out;
    }

    private static void copy(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(file, to);
                }
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
