package org.medmoe.app.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.medmoe.analysis.AnalysisMetrics;
import org.medmoe.analysis.DicomWebImageSource;
import org.medmoe.analysis.DicomWebSrWriteBack;
import org.medmoe.analysis.FolderImageSource;
import org.medmoe.analysis.ModelGateway;
import org.medmoe.analysis.SrWriteBack;
import org.medmoe.analysis.StudyAnalyzer;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigException;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.dicom.web.TrustedEndpoints;
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
 * by all stream threads behind the batchers), the image sources and the SR write-back. Owns the model and the gateway;
 * {@link #close} releases them after Kafka Streams has stopped.
 */
public final class AnalysisWiring implements AutoCloseable {
    private final Pipeline pipeline;
    private final MedMoeModel model;
    private final ModelGateway gateway;
    private final StudyAnalyzer analyzer;
    private final SrWriteBack srWriteBack;

    private AnalysisWiring(Pipeline pipeline, MedMoeModel model, ModelGateway gateway, StudyAnalyzer analyzer,
            SrWriteBack srWriteBack) {
        this.pipeline = pipeline;
        this.model = model;
        this.gateway = gateway;
        this.analyzer = analyzer;
        this.srWriteBack = srWriteBack;
    }

    /**
     * What the analysis needs before its model: the pipeline, the trusted DICOMweb endpoints (checked
     * now; clients are made per locator root as events name them) and the SR write-back of
     * {@code sr.writeback.enabled}. Holds nothing to close.
     */
    record Prepared(Pipeline pipeline, TrustedEndpoints endpoints, SrWriteBack srWriteBack) {
    }

    /** Reads the pipeline and checks the endpoints, without the model. */
    static Prepared prepare(Config config) {
        TrustedEndpoints endpoints = DicomWebWiring.endpoints(config);
        Pipeline pipeline = PipelineLoader.load(pipelineFile(config));
        SrWriteBack srWriteBack = config.bool(ConfigKeys.SR_WRITEBACK_ENABLED)
                ? new DicomWebSrWriteBack(pipeline, endpoints)
                : SrWriteBack.DISABLED;
        return new Prepared(pipeline, endpoints, srWriteBack);
    }

    /**
     * Loads the model around what {@link #prepare} made; analysis reports its stages, batches and
     * routing to {@code metrics}. When a step after the model fails, the model (and its batchers) are
     * closed before the error is thrown.
     */
    static AnalysisWiring load(Config config, Prepared prepared, AnalysisMetrics metrics) {
        MedMoeModel model = MedMoeModel.load(modelDir(config), runtimeConfig(config));
        try {
            return withModel(config, prepared, model, metrics);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The rest of the wiring around a loaded {@code model}; the caller closes the model if this fails. */
    private static AnalysisWiring withModel(Config config, Prepared prepared, MedMoeModel model,
            AnalysisMetrics metrics) {
        ModelGateway gateway = new ModelGateway(model, config.integer(ConfigKeys.MODEL_BATCH_MAX),
                Duration.ofMillis(config.longValue(ConfigKeys.MODEL_BATCH_MAX_WAIT_MS)),
                config.integer(ConfigKeys.KAFKA_STREAM_THREADS), metrics);
        try {
            DicomImageReader reader = dicomReader();
            DicomWebImageSource web = new DicomWebImageSource(prepared.endpoints());
            FolderImageSource folders = new FolderImageSource(reader, DicomWebWiring.fileRoots(config),
                    DicomWebWiring.limits(config).instanceBytes());
            StudyAnalyzer analyzer = new StudyAnalyzer(prepared.pipeline(), gateway,
                    locator -> locator.getKind() == LocatorKind.FILE ? folders : web, reader, windowPresets(),
                    Duration.ofMillis(config.longValue(ConfigKeys.ANALYSIS_STUDY_BUDGET_MS)), Versions.service(),
                    Clock.systemUTC(), metrics);
            return new AnalysisWiring(prepared.pipeline(), model, gateway, analyzer, prepared.srWriteBack());
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
    }

    /** The DICOM decoder of the service's analysis, with its limits. */
    public static DicomImageReader dicomReader() {
        return new DicomImageReader(DecodeLimits.defaults());
    }

    /** The window presets of the service's analysis. */
    public static WindowPresets windowPresets() {
        return WindowPresets.defaults();
    }

    StudyAnalyzer analyzer() {
        return analyzer;
    }

    /** The SR write-back of {@code sr.writeback.enabled} ({@link SrWriteBack#DISABLED} when off). */
    SrWriteBack srWriteBack() {
        return srWriteBack;
    }

    Pipeline pipeline() {
        return pipeline;
    }

    MedMoeModel model() {
        return model;
    }

    /** The installation folder: {@code -Dmedmoe.home} (set by the launcher), else the working directory. */
    public static Path home() {
        return Path.of(System.getProperty("medmoe.home", ".")).toAbsolutePath().normalize();
    }

    public static Path pipelineFile(Config config) {
        Path p = config.optionalString(ConfigKeys.PIPELINE_FILE).map(Path::of)
                .orElse(home().resolve("topology/pipeline.yaml"));
        if (!Files.isRegularFile(p)) {
            throw new ConfigException(ConfigKeys.PIPELINE_FILE.name() + ": pipeline file " + p + " does not exist");
        }
        return p;
    }

    public static Path modelDir(Config config) {
        Path p = config.optionalString(ConfigKeys.MODEL_DIR).map(Path::of).orElse(home().resolve("models/tiny"));
        if (!Files.isDirectory(p)) {
            throw new ConfigException(ConfigKeys.MODEL_DIR.name() + ": model directory " + p + " does not exist");
        }
        return p;
    }

    public static RuntimeConfig runtimeConfig(Config config) {
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

    @Override
    public void close() {
        gateway.close();
        model.close();
    }
}
