package org.medmoe.app;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyLocator;

/**
 * The study events the demo publishes: valid ones, a repeat, a new revision, and inputs that are
 * wrong on purpose, each with what the pipeline should make of it.
 */
final class DemoInputs {
    /** What the demo expects for an input. */
    enum Expect { ACCEPTED, DUPLICATE, DEAD_LETTER }

    /** One input: a description, its key, its value (encoded by {@code encode} unless raw) and the expectation. */
    record Input(String description, String key, StudyEvent event, byte[] rawValue, Expect expect) {
        byte[] value(Function<StudyEvent, byte[]> encode) {
            return event != null ? encode.apply(event) : rawValue;
        }
    }

    static final String CT_STUDY = "1.2.826.0.1.3680043.8.498.10001";
    static final String MR_STUDY = "1.2.826.0.1.3680043.8.498.10002";
    static final String CR_STUDY = "1.2.826.0.1.3680043.8.498.10003";

    private DemoInputs() {
    }

    static List<Input> all(Instant now) {
        List<Input> inputs = new ArrayList<>();
        inputs.add(new Input("CT chest, 1 series", CT_STUDY, event(CT_STUDY, 1, "CT", now), null, Expect.ACCEPTED));
        inputs.add(new Input("MR brain, 2 series", MR_STUDY, event(MR_STUDY, 1, "MR", 2, 40, now), null, Expect.ACCEPTED));
        inputs.add(new Input("CR chest", CR_STUDY, event(CR_STUDY, 1, "CR", now), null, Expect.ACCEPTED));
        inputs.add(new Input("CT chest again (same revision)", CT_STUDY, event(CT_STUDY, 1, "CT", now), null,
                Expect.DUPLICATE));
        inputs.add(new Input("CT chest, late series (revision 2)", CT_STUDY, event(CT_STUDY, 2, "CT", 2, 24, now), null, Expect.ACCEPTED));
        String badUid = "1.2.826.0.1.3680043.8.498.00099x";
        inputs.add(new Input("malformed study UID", badUid, event(badUid, 1, "CT", now), null, Expect.DEAD_LETTER));
        String otherUid = "1.2.826.0.1.3680043.8.498.10005";
        inputs.add(new Input("unknown modality code", otherUid, event(otherUid, 1, "XRAYISH", now), null,
                Expect.DEAD_LETTER));
        inputs.add(new Input("JSON instead of Avro", "1.2.3.4", null,
                "{\"studyInstanceUid\":\"1.2.3.4\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Expect.DEAD_LETTER));
        inputs.add(new Input("unknown schema id", "1.2.3.5", null,
                ByteBuffer.allocate(9).put((byte) 0).putInt(987_654).putInt(42).array(), Expect.DEAD_LETTER));
        return inputs;
    }

    static StudyEvent event(String uid, long revision, String modality, Instant now) {
        return event(uid, revision, modality, 1, 12, now);
    }

    static StudyEvent event(String uid, long revision, String modality, int series, int instances, Instant now) {
        return StudyEvent.newBuilder()
                .setStudyInstanceUid(uid)
                .setRevision(revision)
                .setAccessionNumber("DEMO" + uid.substring(uid.length() - 3))
                .setModalities(List.of(modality))
                .setSeriesCount(series)
                .setInstanceCount(instances)
                .setStudyDate("20261125")
                .setLocator(StudyLocator.newBuilder().setKind(LocatorKind.DICOMWEB)
                        .setUri("http://127.0.0.1:8042/dicom-web").build())
                .setSource("demo")
                .setEventTime(now)
                .build();
    }
}
