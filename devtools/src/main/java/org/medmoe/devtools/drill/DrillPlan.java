package org.medmoe.devtools.drill;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medmoe.app.config.Config;
import org.medmoe.app.service.AnalysisWiring;
import org.medmoe.devtools.samples.SampleEvents;
import org.medmoe.devtools.samples.SampleStudies;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyLocator;

/**
 * What a drill feeds: copies of the sample studies written under the work folder (and then stored in
 * the drill's PACS), with a late series (revision 2) of the first study of each copy fed after the
 * whole next copy; which two revisions carry the planted failures, and which are announced on the
 * slow PACS. Stateless.
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
        List<DrillCheck.Revision> chosen = loners(events, events.size() / 3, 2, Set.of());
        return new PoisonPlant(chosen.isEmpty() ? null : chosen.get(0), chosen.size() < 2 ? null : chosen.get(1));
    }

    /**
     * The revisions announced on the slow PACS: four fifths of the way through the feed, the first
     * {@code count} revisions 1 of studies that have no late series, none of them {@code planted}.
     */
    static Set<DrillCheck.Revision> slow(List<DrillFeeder.Fed> events, int count, PoisonPlant planted) {
        Set<DrillCheck.Revision> poison = new HashSet<>();
        poison.add(planted.throwing());
        poison.add(planted.halting());
        return new HashSet<>(loners(events, events.size() * 4 / 5, count, poison));
    }

    /** Up to {@code count} revisions 1 from {@code from} on whose study has no late series, none in {@code not}. */
    private static List<DrillCheck.Revision> loners(List<DrillFeeder.Fed> events, int from, int count,
            Set<DrillCheck.Revision> not) {
        List<DrillCheck.Revision> chosen = new ArrayList<>();
        Set<String> withLateSeries = new HashSet<>(events.stream().filter(e -> e.revision().revision() > 1)
                .map(e -> e.revision().study()).toList());
        for (int i = from; i < events.size() && chosen.size() < count; i++) {
            DrillCheck.Revision r = events.get(i).revision();
            if (r.revision() == 1 && !withLateSeries.contains(r.study()) && !not.contains(r)) {
                chosen.add(r);
            }
        }
        return chosen;
    }

    /**
     * The same events announcing their studies on the PACS: DICOMweb locators under {@code pacs}, or
     * under {@code slowPacs} for the {@code slow} revisions.
     */
    static List<DrillFeeder.Fed> onPacs(List<DrillFeeder.Fed> events, URI pacs, URI slowPacs,
            Set<DrillCheck.Revision> slow) {
        List<DrillFeeder.Fed> out = new ArrayList<>();
        for (DrillFeeder.Fed e : events) {
            URI root = slow.contains(e.revision()) ? slowPacs : pacs;
            StudyLocator locator = StudyLocator.newBuilder().setKind(LocatorKind.DICOMWEB).setUri(root.toString())
                    .setStudyPath("studies/" + e.revision().study()).build();
            out.add(new DrillFeeder.Fed(StudyEvent.newBuilder(e.event()).setLocator(locator).build(), e.revision()));
        }
        return out;
    }

    /** The dead letter each planted revision, poisoned or slow, must end as. */
    static Map<DrillCheck.Revision, String> expectedLetters(PoisonPlant plant, Set<DrillCheck.Revision> slow) {
        Map<DrillCheck.Revision, String> out = new HashMap<>();
        slow.forEach(r -> out.put(r, ReasonCode.TIMEOUT.name()));
        if (plant.throwing() != null) {
            out.put(plant.throwing(), ReasonCode.INTERNAL.name());
        }
        if (plant.halting() != null) {
            out.put(plant.halting(), ReasonCode.POISON_RECORD.name());
        }
        return out;
    }
}
