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
import org.medmoe.findings.DraftResult;
import org.medmoe.findings.ImageResult;
import org.medmoe.findings.ModelProvenance;
import org.medmoe.findings.ReportDrafter;
import org.medmoe.findings.StudyAggregator;
import org.medmoe.findings.StudyResult;
import org.medmoe.findings.TriageEngine;
import org.medmoe.findings.TriageResult;
import org.medmoe.imaging.WindowPresets;
import org.medmoe.model.ModelInfo;
import org.medmoe.model.SharedAnswers;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyLocator;

/**
 * Analyses one study revision end to end: plan -> fetch + decode -> model -> aggregate, triage,
 * draft, as plain results ({@link org.medmoe.findings.FindingsMapper} makes the published records).
 * Images or questions that fail make the findings PARTIAL (each reason listed); a study with
 * nothing analysable throws {@link AnalysisException} (a dead letter). The work per study is bounded
 * by the selection policy (images) and {@code studyBudget} (time, from the start of the plan): the
 * plan gives up between its requests, images not fetched and answers not back by the deadline are
 * reported as TIMEOUT, and an image given up is dropped by the model's batcher if it has not run yet.
 * A request under way when the deadline passes ends by its own timeouts. Thread-safe: stream threads
 * call it concurrently.
 */
public final class StudyAnalyzer implements StudyAnalysis {
    private final Pipeline pipeline;
    private final ModelGateway model;
    private final Function<StudyLocator, ImageSource> sources;
    private final ImageSelector selector;
    private final FramePreparer preparer;
    private final StudyAggregator aggregator = new StudyAggregator();
    private final TriageEngine triage;
    private final ReportDrafter drafter;
    private final Duration studyBudget;
    private final String codeVersion;
    private final Clock clock;

    /** What analysis makes of one study revision: its findings, triage and report draft. */
    public record Result(StudyResult findings, TriageResult triage, DraftResult draft) {
    }

    /**
     * @param sources the image source for a study's locator (DICOMweb or folder)
     * @param reader the DICOM decoder, with its limits
     * @param presets window presets for modalities whose files carry no window
     * @param studyBudget longest the plan, fetch, decode and model of one study may take together
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
        this.selector = new ImageSelector(pipeline, new SlideLevels(model.model().preprocessor().spec().size(),
                reader.limits()));
        this.preparer = new FramePreparer(reader, presets, model.model().preprocessor(), metrics);
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
        List<ImageRef> selected = selector.select(source.list(event, deadline));
        timings.put("plan", ms(start));
        if (selected.isEmpty()) {
            throw new AnalysisException("plan", ReasonCode.DICOM_UNSUPPORTED, "study " + event.getStudyInstanceUid()
                    + " has no image series to analyse", null);
        }
        List<String> partial = new ArrayList<>();
        long t = System.nanoTime();
        List<PreparedImage> prepared = prepare(source, event, selected, deadline, partial);
        timings.put("fetchDecode", ms(t));
        Pipeline.PromptSet prompts = pipeline.promptSetFor(prepared.get(0).ref().modality())
                .orElseThrow(() -> new AnalysisException("plan", ReasonCode.BAD_EVENT, "no prompt set for modality "
                        + prepared.get(0).ref().modality(), null));
        t = System.nanoTime();
        List<ImageResult> images = answer(event, prepared, prompts, deadline, partial);
        timings.put("model", ms(t));
        t = System.nanoTime();
        StudyResult study = new StudyResult(event.getStudyInstanceUid(), event.getRevision(), supersedes,
                event.getAccessionNumber(), event.getModalities(), event.getOrderPriority(), event.getEventTime(),
                partial, images, aggregator.aggregate(images, prompts), aggregator.modalityScores(images),
                provenance(prompts), new LinkedHashMap<>(timings), clock.instant());
        TriageResult decision = triage.decide(study, clock.instant());
        DraftResult draft = drafter.draft(study, prompts, clock.instant());
        timings.put("aggregate", ms(t));
        timings.put("total", ms(start));
        return new Result(study.withTimings(timings), decision, draft);
    }

    /**
     * Every selected image's frames, fetched, decoded and prepared; a failed image adds its reason to
     * {@code partial}, and so does each image not yet fetched when the study's deadline passes.
     */
    private List<PreparedImage> prepare(ImageSource source, StudyEvent event, List<ImageRef> selected, long deadline,
            List<String> partial) throws AnalysisException {
        List<PreparedImage> prepared = new ArrayList<>();
        AnalysisException firstFailure = null;
        for (ImageRef ref : selected) {
            if (System.nanoTime() - deadline > 0) {
                AnalysisException late = new AnalysisException("fetch", ReasonCode.TIMEOUT, "not fetched within the"
                        + " study budget of " + studyBudget, null);
                firstFailure = firstFailure == null ? late : firstFailure;
                partial.add("image " + ref.sopInstanceUid() + ": " + late.reason() + ": " + late.getMessage());
                continue;
            }
            try {
                prepared.addAll(preparer.prepare(source, event, ref, pipeline.selectionFor(ref.modality())));
            } catch (AnalysisException e) {
                firstFailure = firstFailure == null ? e : firstFailure;
                partial.add("image " + ref.sopInstanceUid() + ": " + e.reason() + ": " + e.getMessage());
            }
        }
        if (prepared.isEmpty()) {
            throw new AnalysisException(firstFailure.stage(), firstFailure.reason(), "no image of study "
                    + event.getStudyInstanceUid() + " could be read: " + firstFailure.getMessage(), firstFailure);
        }
        return prepared;
    }

    /**
     * Every image's questions, each image one request so that its questions share the image's model
     * work; an image not answered by the deadline, or whose batch failed, adds its reason to {@code partial}.
     */
    private List<ImageResult> answer(StudyEvent event, List<PreparedImage> prepared, Pipeline.PromptSet prompts,
            long deadline, List<String> partial) throws AnalysisException {
        List<CompletableFuture<SharedAnswers>> asked = new ArrayList<>();
        for (PreparedImage image : prepared) {
            asked.add(model.ask(image.tensor(), prompts));
        }
        List<ImageResult> images = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            SharedAnswers answers = collect(prepared.get(i), asked.get(i), deadline, partial);
            if (answers != null) {
                images.add(ImageResults.of(prepared.get(i), prompts, answers));
            }
        }
        if (images.isEmpty()) {
            throw new AnalysisException("model", ReasonCode.MODEL_ERROR, "the model answered nothing for study "
                    + event.getStudyInstanceUid() + ": " + String.join("; ", partial), null);
        }
        return images;
    }

    /** The answers about {@code image} once they are in, or null (and its reason in {@code partial}). */
    private SharedAnswers collect(PreparedImage image, CompletableFuture<SharedAnswers> answers, long deadline,
            List<String> partial) {
        String where = "image " + image.ref().sopInstanceUid() + ": ";
        try {
            return answers.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answers.cancel(false);
            partial.add(where + ReasonCode.TIMEOUT + ": no answers within the study budget of " + studyBudget);
        } catch (ExecutionException e) {
            partial.add(where + ReasonCode.MODEL_ERROR + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            partial.add(where + ReasonCode.TIMEOUT + ": interrupted");
        }
        return null;
    }

    private ModelProvenance provenance(Pipeline.PromptSet prompts) {
        ModelInfo info = model.model().info();
        return new ModelProvenance(info.name(), info.version(), info.variant(), info.fileSha256(),
                info.executionProvider(), prompts.id(), prompts.version() + "/pipeline " + pipeline.version(),
                codeVersion);
    }

    private static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
