package org.medmoe.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the execution provider once, at start-up: the first configured one that can be set up
 * here. A requested provider that fails is either fatal ({@link ProviderUnavailableException}) or,
 * when the configuration allows it, replaced by CPU with a WARN line saying why.
 */
final class ProviderSelector {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderSelector.class);

    private final RuntimeConfig config;
    private final SessionOptionsFactory options;
    private final EnumSet<OrtProvider> available;

    ProviderSelector(RuntimeConfig config, SessionOptionsFactory options, EnumSet<OrtProvider> available) {
        this.config = config;
        this.options = options;
        this.available = available;
    }

    /** Uses ONNX Runtime's own list of compiled-in providers. */
    static ProviderSelector forThisBuild(RuntimeConfig config, SessionOptionsFactory options) {
        return new ProviderSelector(config, options, OrtEnvironment.getAvailableProviders());
    }

    /** The provider every session of this runtime will use. */
    ExecutionProvider select() {
        for (ExecutionProvider wanted : config.providers()) {
            if (wanted == ExecutionProvider.CPU) {
                return ExecutionProvider.CPU;
            }
            String reason = probe(wanted);
            if (reason == null) {
                return wanted;
            }
            if (!config.allowCpuFallback()) {
                throw new ProviderUnavailableException(wanted, reason, null);
            }
            LOG.warn("Execution provider {} is unavailable ({}); falling back to CPU as configured", wanted, reason);
        }
        return ExecutionProvider.CPU;
    }

    /** Null when {@code provider} can be set up, otherwise why not. */
    private String probe(ExecutionProvider provider) {
        if (provider == ExecutionProvider.CUDA && !available.contains(OrtProvider.CUDA)) {
            return "this ONNX Runtime build has no CUDA provider (build with the Maven profile 'gpu'); "
                    + "compiled-in providers: " + available;
        }
        try (SessionOptions probe = options.create(provider)) {
            return null;
        } catch (OrtException | RuntimeException e) {
            return provider + " could not be initialised on device " + config.cudaDeviceId() + ": " + e.getMessage();
        }
    }
}
