package org.medmoe.analysis;

import java.util.ArrayList;
import java.util.List;
import org.medmoe.dicom.sr.SrContent;
import org.medmoe.dicom.sr.SrException;
import org.medmoe.findings.AggregatedFinding;
import org.medmoe.findings.FindingsMapper;
import org.medmoe.findings.ModelProvenance;
import org.medmoe.findings.StudyResult;
import org.medmoe.pipeline.Pipeline;

/**
 * A study's results as the content of its Structured Report: one evaluation per coded finding,
 * present or absent by the prompt set's decision (the question's {@code presentAt} threshold on the
 * finding's probability or, without a probability, whether the answer is the question's positive
 * one: the same rule that chose the study's answer). Stateless.
 */
final class SrContents {
    private SrContents() {
    }

    /**
     * The SR content of {@code study}.
     *
     * @param promptSet the prompt set the results were produced with (the one their provenance names)
     * @throws SrException the prompt set is not the results' one, or a coded finding's question has no
     *     positive answer in it
     */
    static SrContent of(StudyResult study, Pipeline.PromptSet promptSet) throws SrException {
        ModelProvenance p = study.provenance();
        if (!promptSet.produced(p.promptSetId(), p.promptSetVersion())) {
            throw new SrException("findings of study " + study.studyInstanceUid() + " come from prompt set "
                    + p.promptSetId() + " " + p.promptSetVersion() + ", not " + promptSet.id() + " "
                    + promptSet.version(), null);
        }
        List<SrContent.Evaluation> evaluations = new ArrayList<>();
        for (AggregatedFinding f : study.findings()) {
            if (f.finding() != null) {
                evaluations.add(new SrContent.Evaluation(f.finding().value(), f.finding().scheme(),
                        f.finding().meaning(), present(f, promptSet), f.answer(), f.probability(), f.aggregation(),
                        f.imageCount(), f.questionId()));
            }
        }
        return new SrContent(study.studyInstanceUid(), study.revision(), study.accessionNumber(), p.modelName(),
                p.modelVersion(), p.codeVersion(), p.promptSetId(), p.promptSetVersion(), FindingsMapper.intendedUse(),
                evaluations);
    }

    /** The prompt set's decision for one coded finding. */
    static boolean present(AggregatedFinding finding, Pipeline.PromptSet promptSet) throws SrException {
        Pipeline.Question q = promptSet.questions().stream().filter(x -> x.id().equals(finding.questionId()))
                .findFirst().orElse(null);
        if (q == null || q.positive() == null) {
            throw new SrException("coded finding of question " + finding.questionId() + " has no positive answer"
                    + " in prompt set " + promptSet.id() + " " + promptSet.version(), null);
        }
        Double probability = finding.probability();
        return probability != null ? q.present(probability) : q.positive().equals(finding.answer());
    }
}
