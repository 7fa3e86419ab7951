package org.medmoe.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.medmoe.analysis.DicomWebImageSource;
import org.medmoe.analysis.FolderImageSource;
import org.medmoe.analysis.ModelGateway;
import org.medmoe.analysis.StudyAnalyzer;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigException;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.dicom.web.DicomWebAuth;
import org.medmoe.dicom.web.DicomWebClient;
import org.medmoe.dicom.web.DicomWebConfig;
import org.medmoe.imaging.WindowPresets;
import org.medmoe.model.MedMoeModel;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.pipeline.PipelineLoader;
import org.medmoe.runtime.ExecutionProvider;
import org.medmoe.runtime.OptimizationLevel;
import org.medmoe.runtime.RuntimeConfig;
import org.medmoe.schema.LocatorKind;

/**
 * The analysis side of the service from configuration: the pipeline, the model (loaded once, shared
 * by all stream threads behind the batchers) and the image sources. Owns the model and the gateway;
 * {@link #close} releases them after Kafka Streams has stopped.
 */
final class AnalysisWiring implements AutoCloseable {
    private final Pipeline pipeline;
    private final MedMoeModel model;
    private final ModelGateway gateway;
    private final StudyAnalyzer analyzer;

    private AnalysisWiring(Pipeline pipeline, MedMoeModel model, ModelGateway gateway, StudyAnalyzer analyzer) {
        this.pipeline = pipeline;
        this.model = model;
        this.gateway = gateway;
        this.analyzer = analyzer;
    }

    static AnalysisWiring start(Config config) {
        Pipeline pipeline = PipelineLoader.load(pipelineFile(config));
        MedMoeModel model = MedMoeModel.load(modelDir(config), runtimeConfig(config));
        ModelGateway gateway = new ModelGateway(model, config.integer(ConfigKeys.MODEL_BATCH_MAX),
                Duration.ofMillis(config.longValue(ConfigKeys.MODEL_BATCH_MAX_WAIT_MS)), null);
        DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults());
        DicomWebImageSource web = new DicomWebImageSource(url -> new DicomWebClient(dicomWeb(config, url)));
        FolderImageSource folders = new FolderImageSource(reader);
        StudyAnalyzer analyzer = new StudyAnalyzer(pipeline, gateway,
                locator -> locator.getKind() == LocatorKind.FILE ? folders : web, reader, WindowPresets.defaults(),
                Duration.ofMillis(config.longValue(ConfigKeys.ANALYSIS_STUDY_BUDGET_MS)), Versions.service(),
                Clock.systemUTC());
        return new AnalysisWiring(pipeline, model, gateway, analyzer);
    }

    StudyAnalyzer analyzer() {
        return analyzer;
    }

    Pipeline pipeline() {
        return pipeline;
    }

    MedMoeModel model() {
        return model;
    }

    /** The installation folder: {@code -Dmedmoe.home} (set by the launcher), else the working directory. */
    static Path home() {
        return Path.of(System.getProperty("medmoe.home", ".")).toAbsolutePath().normalize();
    }

    static Path pipelineFile(Config config) {
        Path p = config.optionalString(ConfigKeys.PIPELINE_FILE).map(Path::of)
                .orElse(home().resolve("topology/pipeline.yaml"));
        if (!Files.isRegularFile(p)) {
            throw new ConfigException(ConfigKeys.PIPELINE_FILE.name() + ": pipeline file " + p + " does not exist");
        }
        return p;
    }

    static Path modelDir(Config config) {
        Path p = config.optionalString(ConfigKeys.MODEL_DIR).map(Path::of).orElse(home().resolve("models/tiny"));
        if (!Files.isDirectory(p)) {
            throw new ConfigException(ConfigKeys.MODEL_DIR.name() + ": model directory " + p + " does not exist");
        }
        return p;
    }

    static RuntimeConfig runtimeConfig(Config config) {
        List<ExecutionProvider> providers;
        try {
            providers = config.list(ConfigKeys.MODEL_PROVIDERS).stream()
                    .map(p -> ExecutionProvider.valueOf(p.trim().toUpperCase(Locale.ROOT))).toList();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigKeys.MODEL_PROVIDERS.name() + " = '"
                    + config.string(ConfigKeys.MODEL_PROVIDERS) + "' is not valid: expected CUDA and/or CPU", e);
        }
        try {
            return new RuntimeConfig(config.integer(ConfigKeys.MODEL_INTRA_OP_THREADS), 1, OptimizationLevel.ALL,
                    providers, config.integer(ConfigKeys.MODEL_CUDA_DEVICE),
                    config.longValue(ConfigKeys.MODEL_CUDA_MEMORY_LIMIT), config.bool(ConfigKeys.MODEL_CPU_FALLBACK),
                    config.bool(ConfigKeys.MODEL_INTRA_OP_SPINNING));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid model runtime settings: " + e.getMessage(), e);
        }
    }

    static DicomWebConfig dicomWeb(Config config, java.net.URI url) {
        String kind = config.string(ConfigKeys.DICOMWEB_AUTH_KIND).trim().toLowerCase(Locale.ROOT);
        DicomWebAuth auth = switch (kind) {
            case "none" -> DicomWebAuth.none();
            case "basic" -> new DicomWebAuth.Basic(config.string(ConfigKeys.DICOMWEB_AUTH_USERNAME),
                    config.string(ConfigKeys.DICOMWEB_AUTH_PASSWORD));
            case "bearer" -> new DicomWebAuth.Bearer(config.string(ConfigKeys.DICOMWEB_AUTH_TOKEN));
            default -> throw new ConfigException(ConfigKeys.DICOMWEB_AUTH_KIND.name() + " = '" + kind
                    + "' is not valid: expected none, basic or bearer");
        };
        return DicomWebConfig.of(url).withAuth(auth).withTimeouts(Duration.ofSeconds(5),
                Duration.ofMillis(config.longValue(ConfigKeys.DICOMWEB_TIMEOUT_MS)),
                config.integer(ConfigKeys.DICOMWEB_ATTEMPTS), Duration.ofMillis(200));
    }

    @Override
    public void close() {
        gateway.close();
        model.close();
    }
}
