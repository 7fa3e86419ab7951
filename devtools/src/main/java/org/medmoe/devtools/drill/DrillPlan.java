package org.medmoe.devtools.drill;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medmoe.app.config.Config;
import org.medmoe.app.service.AnalysisWiring;
import org.medmoe.devtools.samples.SampleEvents;
import org.medmoe.devtools.samples.SampleStudies;
import org.medmoe.schema.ReasonCode;

/**
 * What a drill feeds: copies of the sample studies written under the work folder, with a late series
 * (revision 2) of the first study of each copy fed after the whole next copy, and which two revisions
 * carry the planted failures. Stateless.
 */
final class DrillPlan {
    private DrillPlan() {
    }

    /** {@code count} study revisions to feed, in order. */
    static List<DrillFeeder.Fed> events(Config config, Path work, int count) throws Exception {
        List<DrillFeeder.Fed> out = new ArrayList<>();
        Path modelDir = AnalysisWiring.modelDir(config);
        Instant now = Instant.now();
        SampleStudies.Sample late = null;
        for (int copy = 0; out.size() < count; copy++) {
            List<SampleStudies.Sample> samples = SampleStudies.write(modelDir,
                    work.resolve("studies").resolve("copy-" + copy), "drill-" + copy + "-");
            for (SampleStudies.Sample s : samples) {
                add(out, s, now, count);
            }
            if (late != null) {
                add(out, late, now, count);
            }
            SampleStudies.Sample first = samples.get(0);
            late = SampleStudies.addLateSeries(first, modelDir, first.keyImage().toString(), first.truth());
        }
        return out;
    }

    private static void add(List<DrillFeeder.Fed> out, SampleStudies.Sample s, Instant now, int count) {
        if (out.size() < count) {
            out.add(new DrillFeeder.Fed(SampleEvents.of(s, now), new DrillCheck.Revision(s.studyUid(), s.revision())));
        }
    }

    /**
     * The planted failures: a third of the way through the feed, the first two revisions 1 of studies
     * that have no late series throw and halt.
     */
    static PoisonPlant plant(List<DrillFeeder.Fed> events) {
        List<DrillCheck.Revision> chosen = new ArrayList<>();
        List<String> withLateSeries = events.stream().filter(e -> e.revision().revision() > 1)
                .map(e -> e.revision().study()).toList();
        for (int i = events.size() / 3; i < events.size() && chosen.size() < 2; i++) {
            DrillCheck.Revision r = events.get(i).revision();
            if (r.revision() == 1 && !withLateSeries.contains(r.study())) {
                chosen.add(r);
            }
        }
        return new PoisonPlant(chosen.isEmpty() ? null : chosen.get(0), chosen.size() < 2 ? null : chosen.get(1));
    }

    /** The dead letter each planted revision must end as. */
    static Map<DrillCheck.Revision, String> expectedLetters(PoisonPlant plant) {
        Map<DrillCheck.Revision, String> out = new HashMap<>();
        if (plant.throwing() != null) {
            out.put(plant.throwing(), ReasonCode.INTERNAL.name());
        }
        if (plant.halting() != null) {
            out.put(plant.halting(), ReasonCode.POISON_RECORD.name());
        }
        return out;
    }
}
