package org.medmoe.devtools.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.medmoe.devtools.samples.SampleEvents;
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.dicom.DicomReadException;
import org.medmoe.dicom.InstanceIdentity;

/** The user's DICOM folder as demo studies. */
final class DemoFiles {
    private DemoFiles() {
    }

    /** One event per study found under {@code dir} (files that are not DICOM are skipped). */
    static List<DemoCase> userStudies(Path dir, Instant now) throws IOException {
        DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults());
        Map<String, List<InstanceIdentity>> studies = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                try {
                    InstanceIdentity h = reader.identify(f);
                    if (h.studyInstanceUid() != null) {
                        studies.computeIfAbsent(h.studyInstanceUid(), k -> new ArrayList<>()).add(h);
                    }
                } catch (DicomReadException e) {
                    // not a DICOM file we can read: skipped
                }
            }
        }
        List<DemoCase> out = new ArrayList<>();
        studies.forEach((uid, headers) -> {
            String modality = headers.get(0).modality() == null ? "OT" : headers.get(0).modality();
            long series = headers.stream().map(InstanceIdentity::seriesInstanceUid).distinct().count();
            var event = org.medmoe.schema.StudyEvent.newBuilder(SampleEvents.fileEvent(uid, 1, modality, dir, now))
                    .setSeriesCount((int) series).setInstanceCount(headers.size()).build();
            out.add(new DemoCase("your " + modality + " study (" + headers.size() + " file(s))", uid, event, null,
                    DemoCase.Expect.FINDINGS_OR_DEAD_LETTER, null, null));
        });
        return out;
    }

}
