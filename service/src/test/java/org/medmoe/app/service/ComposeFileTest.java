package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medmoe.app.config.ConfigKey;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.app.config.EndpointKeys;

/**
 * docker-compose.yml is valid for Compose ({@code docker-compose config -q}, Debian's
 * docker-compose) and keeps its promises against the code: every MEDMOE_* variable is a
 * configuration key (or the _FILE form of a secret key), the clients point at the ports the broker,
 * registry and Orthanc declare, images are pinned, the model is mounted where model.dir says, the
 * GPU variant reserves an NVIDIA device, and start order waits on health checks. The checks read
 * the file as Compose resolves it ({@code docker-compose config}).
 */
class ComposeFileTest {
    private static final Path ROOT = Path.of(System.getProperty("medmoe.project.dir", ".")).toAbsolutePath()
            .normalize();
    private static final Path FILE = ROOT.resolve("docker-compose.yml");
    private static final List<String> MEDMOE_SERVICES = List.of("medmoe", "medmoe-gpu");
    private static final List<String> CLIENTS = List.of("medmoe", "medmoe-gpu", "bridge");
    /** The health endpoints' port key; its variable is checked by the health-check test. */
    private static final String HTTP_PORT_KEY = "http.port";

    private static JsonNode services;
    private static JsonNode compose;

    @BeforeAll
    static void resolve() throws Exception {
        // Given the file as Compose validates and resolves it
        Result check = compose("config", "-q");
        if (check.code != 0) {
            fail("docker-compose config -q rejected docker-compose.yml:%n%s", check.output);
        }
        Result resolved = compose("config");
        assertThat(resolved.code).as(resolved.output).isZero();
        compose = new ObjectMapper(new YAMLFactory()).readTree(resolved.stdout);
        services = compose.path("services");
    }

    @Test
    void everyMedmoeVariableIsAConfigurationKeyOrTheFileOfASecretKey() {
        String httpPort = "MEDMOE_" + HTTP_PORT_KEY.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
        List<String> unknown = new ArrayList<>();
        for (String service : CLIENTS) {
            // the keys of the trusted DICOMweb endpoints the service names are declared too
            List<ConfigKey> declared = new ArrayList<>(ConfigKeys.ALL);
            String endpoints = environment(service).getOrDefault(ConfigKeys.DICOMWEB_ENDPOINTS.environmentVariable(), "");
            Arrays.stream(endpoints.split(",")).map(String::trim).filter(n -> !n.isEmpty())
                    .forEach(n -> declared.addAll(EndpointKeys.of(n).all()));
            Set<String> keys = declared.stream().map(ConfigKey::environmentVariable).collect(Collectors.toSet());
            Set<String> secrets = declared.stream().filter(ConfigKey::secret).map(ConfigKey::environmentVariable)
                    .collect(Collectors.toSet());
            environment(service).forEach((name, value) -> {
                if (!name.startsWith("MEDMOE_") || keys.contains(name) || name.equals(httpPort)) {
                    return;
                }
                boolean secretFile = name.endsWith("_FILE") && secrets.contains(name.substring(0, name.length() - 5));
                if (!secretFile) {
                    unknown.add(service + ": " + name);
                }
            });
        }
        assertThat(unknown).as("MEDMOE_* variables that are no configuration key (docs/configuration.md)").isEmpty();
    }

    @Test
    void secretsComeFromSecretFilesNeverFromLiteralValues() {
        Set<String> secretVars = ConfigKeys.ALL.stream().filter(ConfigKey::secret)
                .map(ConfigKey::environmentVariable).collect(Collectors.toSet());
        for (String service : names(services)) {
            Set<String> mounted = new TreeSet<>();
            services.path(service).path("secrets").forEach(s -> mounted.add(s.isTextual() ? s.asText()
                    : s.path("target").asText(s.path("source").asText())));
            environment(service).forEach((name, value) -> {
                assertThat(secretVars).as("%s sets the secret %s literally; use %s_FILE", service, name, name)
                        .doesNotContain(name);
                assertThat(name).as("%s: %s looks like a credential", service, name)
                        .doesNotContainPattern("(?i)(PASSWORD|TOKEN|JAAS|REGISTERED_USERS)(?!.*_FILE$)");
                if (name.endsWith("_FILE") && name.startsWith("MEDMOE_")) {
                    assertThat(value).as("%s: %s", service, name).startsWith("/run/secrets/");
                    assertThat(mounted).as("%s mounts the secret its %s names", service, name)
                            .contains(value.substring("/run/secrets/".length()));
                }
            });
        }
        for (String secret : names(compose.path("secrets"))) {
            Path file = Path.of(compose.path("secrets").path(secret).path("file").asText());
            assertThat(file.startsWith(ROOT.resolve("deploy/secrets"))).as("secret %s is a file under deploy/secrets/", secret)
                    .isTrue();
        }
        assertThat(read(ROOT.resolve(".gitignore"))).as("deploy/secrets/ stays out of version control")
                .contains("deploy/secrets/");
        assertThat(Files.isExecutable(ROOT.resolve("deploy/make-secrets.sh"))).as("deploy/make-secrets.sh").isTrue();
    }

    @Test
    void clientsPointAtTheServicesAndPortsTheyDeclare() {
        // The broker's advertised listeners, the registry's listener, Orthanc's HTTP port and DICOMweb root
        Set<String> advertised = Arrays.stream(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS").split(","))
                .map(l -> l.substring(l.indexOf("://") + 3)).collect(Collectors.toSet());
        int registryPort = URI.create(environment("schema-registry").get("SCHEMA_REGISTRY_LISTENERS")).getPort();
        Map<String, String> orthanc = environment("orthanc");
        int orthancPort = Integer.parseInt(orthanc.get("ORTHANC__HTTP_PORT"));
        String dicomWebRoot = orthanc.get("ORTHANC__DICOM_WEB__ROOT").replaceAll("/+$", "");
        assertThat(orthanc).containsEntry("DICOM_WEB_PLUGIN_ENABLED", "true");
        assertThat(Integer.parseInt(orthanc.get("ORTHANC__STABLE_AGE"))).as("a short StableAge").isBetween(1, 30);

        for (String service : CLIENTS) {
            Map<String, String> env = environment(service);
            List<String> bootstrap = Arrays.asList(env.get("MEDMOE_KAFKA_BOOTSTRAP_SERVERS").split(","));
            assertThat(bootstrap).as("%s bootstrap servers", service).allSatisfy(s -> {
                assertThat(advertised).contains(s);
                assertThat(s).startsWith("kafka:");
            });
            URI registry = URI.create(env.get("MEDMOE_REGISTRY_URL"));
            assertThat(registry.getHost()).as("%s registry host", service).isEqualTo("schema-registry");
            assertThat(registry.getPort()).as("%s registry port", service).isEqualTo(registryPort);
            assertThat(env.get("MEDMOE_TOPICS_STUDY_EVENTS")).as("%s events topic", service)
                    .isEqualTo(ConfigKeys.TOPIC_STUDY_EVENTS.defaultValue());
        }
        URI pacs = URI.create(environment("bridge").get("MEDMOE_BRIDGE_ORTHANC_URL"));
        assertThat(pacs.getHost()).isEqualTo("orthanc");
        assertThat(pacs.getPort()).isEqualTo(orthancPort);
        assertThat(environment("bridge").get("MEDMOE_BRIDGE_DICOMWEB_URL"))
                .isEqualTo("http://orthanc:" + orthancPort + dicomWebRoot);
        assertThat(services.path("bridge").path("command").toString()).contains("bridge", "orthanc");
    }

    @Test
    void imagesArePinned() {
        for (String service : names(services)) {
            String image = services.path(service).path("image").asText();
            String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
            assertThat(tag).as("tag of %s's image %s", service, image).isNotBlank().isNotEqualTo("latest");
        }
    }

    @Test
    void theModelIsMountedWhereModelDirSays() {
        for (String service : MEDMOE_SERVICES) {
            String modelDir = environment(service).get(ConfigKeys.MODEL_DIR.environmentVariable());
            JsonNode mount = null;
            for (JsonNode volume : services.path(service).path("volumes")) {
                String target = volume.isTextual() ? volume.asText().split(":")[1] : volume.path("target").asText();
                if (target.equals(modelDir)) {
                    mount = volume;
                }
            }
            assertThat(mount).as("%s mounts a volume at model.dir %s", service, modelDir).isNotNull();
            String source = mount.isTextual() ? mount.asText().split(":")[0] : mount.path("source").asText();
            assertThat(Path.of(source).resolve("model.json")).as("by default the bundled model").exists();
        }
    }

    @Test
    void theGpuVariantReservesAnNvidiaDeviceAndRunsTheGpuBuild() {
        JsonNode gpu = services.path("medmoe-gpu");
        assertThat(gpu.path("profiles").toString()).contains("\"gpu\"");
        List<JsonNode> devices = new ArrayList<>();
        gpu.path("deploy").path("resources").path("reservations").path("devices").forEach(devices::add);
        assertThat(devices).anySatisfy(d -> {
            assertThat(d.path("driver").asText()).isEqualTo("nvidia");
            assertThat(d.path("capabilities").toString()).contains("\"gpu\"");
        });
        assertThat(gpu.path("build").path("args").path("VARIANT").asText()).isEqualTo("gpu");
        assertThat(environment("medmoe-gpu").get(ConfigKeys.MODEL_PROVIDERS.environmentVariable())).contains("CUDA");
        assertThat(services.path("medmoe").path("build").path("args").path("VARIANT").asText()).isEqualTo("cpu");
        assertThat(services.path("medmoe").path("profiles").isMissingNode()).as("the CPU service runs by default").isTrue();
    }

    @Test
    void startOrderWaitsOnHealthChecks() {
        for (String service : names(services)) {
            for (String dependency : names(services.path(service).path("depends_on"))) {
                assertThat(services.path(service).path("depends_on").path(dependency).path("condition").asText())
                        .as("%s waits for %s", service, dependency).isEqualTo("service_healthy");
                assertThat(services.path(dependency).path("healthcheck").path("test").isEmpty())
                        .as("%s has a health check", dependency).isFalse();
            }
        }
        for (String service : MEDMOE_SERVICES) {
            assertThat(services.path(service).path("healthcheck").path("test").toString())
                    .contains("/health/ready", "MEDMOE_HTTP_PORT");
        }
    }

    @Test
    void theServiceHealthCheckUsesTheConfiguredHttpPort() {
        assumeThat(ConfigKeys.find(HTTP_PORT_KEY)).as("configuration key " + HTTP_PORT_KEY).isPresent();
        ConfigKey port = ConfigKeys.find(HTTP_PORT_KEY).orElseThrow();
        for (String service : MEDMOE_SERVICES) {
            assertThat(environment(service)).as(service).containsKey(port.environmentVariable());
        }
    }

    private static Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode node = services.path(service).path("environment");
        if (node.isArray()) {
            node.forEach(e -> {
                String[] kv = e.asText().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            });
        } else {
            node.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        return env;
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    private record Result(int code, String stdout, String output) {
    }

    /** Runs Debian's docker-compose (v1) on the file; it needs no Docker engine for {@code config}. */
    private static Result compose(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker-compose", "--project-directory", ROOT.toString(),
                "-f", FILE.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MEDMOE_") || k.startsWith("COMPOSE_"));
        Path err = Files.createTempFile("compose", ".err");
        pb.redirectError(err.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("docker-compose is not installed (Debian package docker-compose, listed in "
                    + "tools/packages/test.txt): " + e.getMessage(), e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker-compose " + String.join(" ", args) + " did not finish");
        }
        String stderr = Files.readString(err);
        Files.delete(err);
        String stdout = new String(out, StandardCharsets.UTF_8);
        return new Result(p.exitValue(), stdout, stdout + stderr);
    }
}
