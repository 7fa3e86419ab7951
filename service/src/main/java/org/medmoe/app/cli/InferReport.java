package org.medmoe.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medmoe.model.CandidateScores;
import org.medmoe.model.GeneratedAnswer;
import org.medmoe.model.ModelInfo;
import org.medmoe.model.Routing;
import org.medmoe.model.Timings;

/** The JSON document {@code medmoe infer} prints, as ordered maps. Stateless. */
final class InferReport {
    private InferReport() {
    }

    static Map<String, Object> of(ModelInfo info, Path image, InferImage.Prepared input, String question,
            GeneratedAnswer answer) {
        Map<String, Object> doc = header(info, image, input, question);
        doc.put("answer", answer.text());
        doc.put("tokens", answer.tokens());
        doc.put("stoppedAtEos", answer.stoppedAtEos());
        return footer(doc, answer.routing(), answer.timings(), input.preprocessMs());
    }

    static Map<String, Object> of(ModelInfo info, Path image, InferImage.Prepared input, String question,
            CandidateScores scores) {
        Map<String, Object> doc = header(info, image, input, question);
        doc.put("answer", scores.best());
        doc.put("candidateProbabilities", scores.probabilities());
        doc.put("candidateLogLikelihoods", scores.logLikelihoods());
        return footer(doc, scores.routing(), scores.timings(), input.preprocessMs());
    }

    private static Map<String, Object> header(ModelInfo info, Path image, InferImage.Prepared input,
            String question) {
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", info.name());
        model.put("version", info.version());
        model.put("variant", info.variant());
        model.put("executionProvider", info.executionProvider());
        model.put("onnxRuntime", info.runtimeVersion());
        doc.put("model", model);
        doc.put("image", image.toString());
        doc.put("imageFormat", input.format());
        if (input.dicom() != null) {
            doc.put("dicom", input.dicom());
        }
        doc.put("question", question);
        return doc;
    }

    private static Map<String, Object> footer(Map<String, Object> doc, Routing routing, Timings timings,
            double preprocessMs) {
        doc.put("modality", routing.modality().top());
        doc.put("modalityProbabilities", routing.modality().probabilities());
        List<Object> layers = new ArrayList<>();
        List<String> labels = new ArrayList<>(routing.modality().probabilities().keySet());
        for (int j = 0; j < routing.moeLayers().size(); j++) {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("layer", routing.moeLayers().get(j));
            layer.put("positions", routing.chosenExperts().get(j).length);
            Map<String, Double> shares = new LinkedHashMap<>();
            double[] s = routing.expertShares().get(j);
            for (int e = 0; e < s.length; e++) {
                shares.put(e < labels.size() ? labels.get(e) : "expert" + e, s[e]);
            }
            layer.put("expertShares", shares);
            layers.add(layer);
        }
        doc.put("routing", layers);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("preprocessMs", round(preprocessMs));
        t.put("visionMs", round(timings.visionMs()));
        t.put("prefillMs", round(timings.prefillMs()));
        t.put("decodeMs", round(timings.decodeMs()));
        t.put("decodeSteps", timings.decodeSteps());
        doc.put("timings", t);
        return doc;
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
