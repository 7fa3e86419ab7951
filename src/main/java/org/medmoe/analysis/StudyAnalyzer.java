package org.medmoe.analysis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.findings.ReportDrafter;
import org.medmoe.findings.StudyAggregator;
import org.medmoe.findings.TriageEngine;
import org.medmoe.imaging.Preprocessor;
import org.medmoe.imaging.WindowPresets;
import org.medmoe.model.ImagePreprocessor;
import org.medmoe.model.ModelInfo;
import org.medmoe.model.Routing;
import org.medmoe.model.SharedAnswers;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.schema.ExpertRouting;
import org.medmoe.schema.ImageFinding;
import org.medmoe.schema.ModalityScore;
import org.medmoe.schema.Provenance;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.ReportDraft;
import org.medmoe.schema.Status;
import org.medmoe.schema.StatusCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFindings;
import org.medmoe.schema.StudyLocator;
import org.medmoe.schema.TriageDecision;
import org.medmoe.schema.VqaAnswer;

/**
 * Analyses one study revision end to end: plan -> fetch + decode -> model -> aggregate, triage,
 * draft. Images or questions that fail make the findings PARTIAL (each reason listed); a study with
 * nothing analysable throws {@link AnalysisException} (a dead letter). The work per study is bounded
 * by the selection policy (images) and {@code studyBudget} (time): answers not back in time are
 * reported as TIMEOUT. Thread-safe: stream threads call it concurrently.
 */
public final class StudyAnalyzer implements StudyAnalysis {
    private final Pipeline pipeline;
    private final ModelGateway model;
    private final Function<StudyLocator, ImageSource> sources;
    private final ImageSelector selector;
    private final ImagePreparer preparer;
    private final StudyAggregator aggregator = new StudyAggregator();
    private final TriageEngine triage;
    private final ReportDrafter drafter;
    private final Duration studyBudget;
    private final String codeVersion;
    private final Clock clock;

    /** What analysis publishes for one study revision. */
    public record Result(StudyFindings findings, TriageDecision triage, ReportDraft draft) {
    }

    /**
     * @param sources the image source for a study's locator (DICOMweb or folder)
     * @param reader the DICOM decoder, with its limits
     * @param presets window presets for modalities whose files carry no window
     * @param studyBudget longest the model may take for one study
     */
    public StudyAnalyzer(Pipeline pipeline, ModelGateway model, Function<StudyLocator, ImageSource> sources,
            DicomImageReader reader, WindowPresets presets, Duration studyBudget, String codeVersion, Clock clock) {
        this(pipeline, model, sources, reader, presets, studyBudget, codeVersion, clock, AnalysisMetrics.NONE);
    }

    /** As above, reporting the fetch, decode and prepare stages to {@code metrics}. */
    public StudyAnalyzer(Pipeline pipeline, ModelGateway model, Function<StudyLocator, ImageSource> sources,
            DicomImageReader reader, WindowPresets presets, Duration studyBudget, String codeVersion, Clock clock,
            AnalysisMetrics metrics) {
        this.pipeline = pipeline;
        this.model = model;
        this.sources = sources;
        this.selector = new ImageSelector(pipeline);
        this.preparer = new ImagePreparer(reader, presets, new Preprocessor(ImagePreprocessor.spec(model.model().manifest())),
                pipeline, metrics);
        this.triage = new TriageEngine(pipeline.triage());
        this.drafter = new ReportDrafter(pipeline.report());
        this.studyBudget = studyBudget;
        this.codeVersion = codeVersion;
        this.clock = clock;
    }

    @Override
    public Result analyze(StudyEvent event, Long supersedes) throws AnalysisException {
        long start = System.nanoTime();
        long deadline = start + studyBudget.toNanos();
        Map<String, Double> timings = new LinkedHashMap<>();
        ImageSource source = sources.apply(event.getLocator());
        List<ImageRef> selected = selector.select(source.list(event));
        timings.put("plan", ms(start));
        if (selected.isEmpty()) {
            throw new AnalysisException("plan", ReasonCode.DICOM_UNSUPPORTED, "study " + event.getStudyInstanceUid()
                    + " has no image series to analyse", null);
        }
        List<String> partial = new ArrayList<>();
        List<PreparedImage> prepared = new ArrayList<>();
        AnalysisException firstFailure = null;
        long t = System.nanoTime();
        for (ImageRef ref : selected) {
            try {
                prepared.addAll(preparer.prepare(source, event, ref));
            } catch (AnalysisException e) {
                firstFailure = firstFailure == null ? e : firstFailure;
                partial.add("image " + ref.sopInstanceUid() + ": " + e.reason() + ": " + e.getMessage());
            }
        }
        timings.put("fetchDecode", ms(t));
        if (prepared.isEmpty()) {
            throw new AnalysisException(firstFailure.stage(), firstFailure.reason(), "no image of study "
                    + event.getStudyInstanceUid() + " could be read: " + firstFailure.getMessage(), firstFailure);
        }
        Pipeline.PromptSet prompts = pipeline.promptSetFor(prepared.get(0).ref().modality())
                .orElseThrow(() -> new AnalysisException("plan", ReasonCode.BAD_EVENT, "no prompt set for modality "
                        + prepared.get(0).ref().modality(), null));

        t = System.nanoTime();
        List<ImageAsk> asks = prepared.stream().map(p -> ask(p, prompts)).toList();
        List<ImageFinding> images = new ArrayList<>();
        for (ImageAsk ask : asks) {
            ImageFinding finding = collect(ask, prompts, deadline, partial);
            if (finding != null) {
                images.add(finding);
            }
        }
        timings.put("model", ms(t));
        if (images.isEmpty()) {
            throw new AnalysisException("model", ReasonCode.MODEL_ERROR, "the model answered nothing for study "
                    + event.getStudyInstanceUid() + ": " + String.join("; ", partial), null);
        }
        t = System.nanoTime();
        StudyFindings findings = StudyFindings.newBuilder()
                .setStudyInstanceUid(event.getStudyInstanceUid())
                .setRevision(event.getRevision())
                .setSupersedesRevision(supersedes)
                .setAccessionNumber(event.getAccessionNumber())
                .setStatus(new Status(partial.isEmpty() ? StatusCode.COMPLETE : StatusCode.PARTIAL, partial))
                .setImages(images)
                .setFindings(aggregator.aggregate(images, prompts))
                .setModalityScores(aggregator.modalityScores(images))
                .setProvenance(provenance(prompts))
                .setTimingsMillis(timings)
                .setEventTime(event.getEventTime())
                .setProducedAt(clock.instant())
                .build();
        TriageDecision decision = triage.decide(event, findings, clock.instant());
        ReportDraft draft = drafter.draft(event, findings, prompts, clock.instant());
        timings.put("aggregate", ms(t));
        timings.put("total", ms(start));
        findings.setTimingsMillis(timings);
        return new Result(findings, decision, draft);
    }

    /** One image's questions, submitted as one request so that they share the image's model work. */
    private record ImageAsk(PreparedImage image, CompletableFuture<SharedAnswers> answers) {
    }

    private ImageAsk ask(PreparedImage image, Pipeline.PromptSet prompts) {
        return new ImageAsk(image, model.ask(image.tensor(), prompts));
    }

    private ImageFinding collect(ImageAsk ask, Pipeline.PromptSet prompts, long deadline, List<String> partial) {
        String where = "image " + ask.image().ref().sopInstanceUid() + ": ";
        SharedAnswers results;
        try {
            results = ask.answers().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            ask.answers().cancel(false);
            partial.add(where + ReasonCode.TIMEOUT + ": no answers within the study budget of " + studyBudget);
            return null;
        } catch (ExecutionException e) {
            partial.add(where + ReasonCode.MODEL_ERROR + ": " + e.getCause().getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            partial.add(where + ReasonCode.TIMEOUT + ": interrupted");
            return null;
        }
        List<VqaAnswer> answers = new ArrayList<>();
        Routing routing = null;
        double modelMs = 0;
        int closed = 0;
        int open = 0;
        for (Pipeline.Question q : prompts.questions()) {
            Object result = q.kind() == Pipeline.Kind.CLOSED ? results.closed().get(closed++)
                    : results.open().get(open++);
            AnswerMapper.Mapped mapped = AnswerMapper.map(q, result);
            answers.add(mapped.answer());
            routing = routing == null ? mapped.routing() : routing;
            modelMs += mapped.modelMs();
        }
        PreparedImage image = ask.image();
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("fetch", image.fetchMs());
        timings.put("decode", image.decodeMs());
        timings.put("model", modelMs);
        return ImageFinding.newBuilder()
                .setSopInstanceUid(image.ref().sopInstanceUid())
                .setSeriesInstanceUid(image.ref().seriesInstanceUid())
                .setFrame(image.frame())
                .setDicomModality(image.ref().modality())
                .setModalityScores(routing == null ? List.of() : modalityScores(routing))
                .setAnswers(answers)
                .setRouting(routing == null ? List.of() : expertRouting(routing))
                .setTimingsMillis(timings)
                .build();
    }

    static List<ModalityScore> modalityScores(Routing routing) {
        List<ModalityScore> out = new ArrayList<>();
        routing.modality().probabilities().forEach((label, p) -> out.add(new ModalityScore(label, p)));
        return out;
    }

    static List<ExpertRouting> expertRouting(Routing routing) {
        List<ExpertRouting> out = new ArrayList<>();
        for (int j = 0; j < routing.moeLayers().size(); j++) {
            List<Double> shares = new ArrayList<>();
            for (double s : routing.expertShares().get(j)) {
                shares.add(s);
            }
            out.add(new ExpertRouting(routing.moeLayers().get(j), shares, routing.chosenExperts().get(j).length));
        }
        return out;
    }

    private Provenance provenance(Pipeline.PromptSet prompts) {
        ModelInfo info = model.model().info();
        return Provenance.newBuilder()
                .setModelName(info.name())
                .setModelVersion(info.version())
                .setModelVariant(info.variant())
                .setFileHashes(info.fileSha256())
                .setExecutionProvider(info.executionProvider())
                .setPromptSetId(prompts.id())
                .setPromptSetVersion(prompts.version() + "/pipeline " + pipeline.version())
                .setCodeVersion(codeVersion)
                .build();
    }

    private static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

}
