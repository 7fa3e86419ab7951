package org.medmoe.findings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.schema.CodedConcept;
import org.medmoe.schema.Evidence;
import org.medmoe.schema.ExpertRouting;
import org.medmoe.schema.FiredRule;
import org.medmoe.schema.ImageFinding;
import org.medmoe.schema.LabelScore;
import org.medmoe.schema.ModalityScore;
import org.medmoe.schema.Priority;
import org.medmoe.schema.Provenance;
import org.medmoe.schema.QuestionKind;
import org.medmoe.schema.ReportDraft;
import org.medmoe.schema.ReportSection;
import org.medmoe.schema.SectionName;
import org.medmoe.schema.Sentence;
import org.medmoe.schema.Status;
import org.medmoe.schema.StatusCode;
import org.medmoe.schema.StudyFinding;
import org.medmoe.schema.StudyFindings;
import org.medmoe.schema.TriageDecision;
import org.medmoe.schema.VqaAnswer;

/**
 * The one place where a study's results become the published Avro records ({@code schemas/}):
 * findings, triage decision and report draft. Lists and maps keep their order. Stateless and
 * thread-safe.
 */
public final class FindingsMapper {
    private FindingsMapper() {
    }

    /** The three records published for one study revision. */
    public record Records(StudyFindings findings, TriageDecision triage, ReportDraft draft) {
    }

    /** The intended-use statement every output carries (the schema's default of {@code Provenance.intendedUse}). */
    public static String intendedUse() {
        return String.valueOf(Provenance.getClassSchema().getField("intendedUse").defaultVal());
    }

    /** All three records of {@code study}. */
    public static Records records(StudyResult study, TriageResult triage, DraftResult draft) {
        return new Records(findings(study), triage(study, triage), draft(study, draft));
    }

    /** The {@code medmoe.findings} record of {@code study}. */
    public static StudyFindings findings(StudyResult study) {
        List<ImageFinding> images = new ArrayList<>();
        study.images().forEach(i -> images.add(image(i)));
        List<StudyFinding> findings = new ArrayList<>();
        for (AggregatedFinding f : study.findings()) {
            findings.add(StudyFinding.newBuilder().setQuestionId(f.questionId()).setFinding(code(f.finding()))
                    .setAnswer(f.answer()).setProbability(f.probability()).setAggregation(f.aggregation())
                    .setImageCount(f.imageCount()).build());
        }
        return StudyFindings.newBuilder()
                .setStudyInstanceUid(study.studyInstanceUid())
                .setRevision(study.revision())
                .setSupersedesRevision(study.supersedes())
                .setAccessionNumber(study.accessionNumber())
                .setStatus(new Status(study.complete() ? StatusCode.COMPLETE : StatusCode.PARTIAL,
                        study.partialReasons()))
                .setImages(images)
                .setFindings(findings)
                .setModalityScores(modalityScores(study.modalityScores()))
                .setProvenance(provenance(study.provenance()))
                .setTimingsMillis(study.timingsMillis())
                .setEventTime(study.eventTime())
                .setProducedAt(study.producedAt())
                .build();
    }

    /** The {@code medmoe.triage} record of {@code study}. */
    public static TriageDecision triage(StudyResult study, TriageResult triage) {
        List<FiredRule> fired = new ArrayList<>();
        for (TriageResult.FiredRule r : triage.firedRules()) {
            List<Evidence> evidence = new ArrayList<>();
            for (TriageResult.Evidence e : r.evidence()) {
                evidence.add(new Evidence(e.questionId(), code(e.finding()), e.answer(), e.probability()));
            }
            fired.add(new FiredRule(r.ruleId(), Priority.valueOf(r.priority().name()), r.reason(), evidence));
        }
        return TriageDecision.newBuilder()
                .setStudyInstanceUid(study.studyInstanceUid())
                .setRevision(study.revision())
                .setSupersedesRevision(study.supersedes())
                .setAccessionNumber(study.accessionNumber())
                .setPriority(Priority.valueOf(triage.priority().name()))
                .setScore(triage.score())
                .setFiredRules(fired)
                .setDeadline(triage.deadline())
                .setProvenance(provenance(study.provenance()))
                .setDecidedAt(triage.decidedAt())
                .build();
    }

    /** The {@code medmoe.report-drafts} record of {@code study}. */
    public static ReportDraft draft(StudyResult study, DraftResult draft) {
        List<ReportSection> sections = new ArrayList<>();
        for (DraftResult.Section s : draft.sections()) {
            List<Sentence> sentences = new ArrayList<>();
            s.sentences().forEach(t -> sentences.add(new Sentence(t.text(), t.sources())));
            sections.add(new ReportSection(SectionName.valueOf(s.name().name()), sentences));
        }
        return ReportDraft.newBuilder()
                .setStudyInstanceUid(study.studyInstanceUid())
                .setRevision(study.revision())
                .setSupersedesRevision(study.supersedes())
                .setAccessionNumber(study.accessionNumber())
                .setBanner(draft.banner())
                .setMachineGenerated(true)
                .setSections(sections)
                .setText(draft.text())
                .setProvenance(provenance(study.provenance()))
                .setCreatedAt(draft.createdAt())
                .build();
    }

    private static ImageFinding image(ImageResult image) {
        List<VqaAnswer> answers = new ArrayList<>();
        for (ImageAnswer a : image.answers()) {
            List<LabelScore> candidates = new ArrayList<>();
            a.candidates().forEach((label, p) -> candidates.add(new LabelScore(label, p)));
            answers.add(VqaAnswer.newBuilder().setQuestionId(a.questionId()).setQuestion(a.question())
                    .setKind(a.closed() ? QuestionKind.CLOSED : QuestionKind.OPEN).setAnswer(a.answer())
                    .setCandidates(candidates).setFinding(code(a.finding()))
                    .setFindingProbability(a.findingProbability()).setGeneratedTokens(a.generatedTokens())
                    .setTruncated(a.truncated()).build());
        }
        List<ExpertRouting> routing = new ArrayList<>();
        for (ImageResult.LayerRouting r : image.routing()) {
            routing.add(new ExpertRouting(r.layer(), r.expertShares(), r.tokens()));
        }
        return ImageFinding.newBuilder()
                .setSopInstanceUid(image.sopInstanceUid())
                .setSeriesInstanceUid(image.seriesInstanceUid())
                .setFrame(image.frame())
                .setDicomModality(image.dicomModality())
                .setModalityScores(modalityScores(image.modalityScores()))
                .setAnswers(answers)
                .setRouting(routing)
                .setTimingsMillis(image.timingsMillis())
                .build();
    }

    private static List<ModalityScore> modalityScores(Map<String, Double> scores) {
        List<ModalityScore> out = new ArrayList<>();
        scores.forEach((label, p) -> out.add(new ModalityScore(label, p)));
        return out;
    }

    private static Provenance provenance(ModelProvenance p) {
        return Provenance.newBuilder()
                .setModelName(p.modelName())
                .setModelVersion(p.modelVersion())
                .setModelVariant(p.modelVariant())
                .setFileHashes(p.fileHashes())
                .setExecutionProvider(p.executionProvider())
                .setPromptSetId(p.promptSetId())
                .setPromptSetVersion(p.promptSetVersion())
                .setCodeVersion(p.codeVersion())
                .build();
    }

    private static CodedConcept code(Pipeline.Code code) {
        return code == null ? null : new CodedConcept(code.value(), code.scheme(), code.meaning());
    }
}
