package org.medmoe.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.imaging.WindowPresets;
import org.medmoe.model.MedMoeModel;
import org.medmoe.model.TinyModel;
import org.medmoe.runtime.RuntimeConfig;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyLocator;

/** The study budget bounds the plan and the fetch too, not only the wait for the model's answers. */
class StudyAnalyzerBudgetTest {
    private static final String STUDY = "1.2.826.0.1.3680043.8.498.88";

    @Test
    void shouldStopFetchingOnceTheStudyBudgetHasRunOut() throws Exception {
        // Given a study of three images and a budget that is over as soon as the plan is done
        List<String> read = Collections.synchronizedList(new ArrayList<>());
        ImageSource source = new ImageSource() {
            @Override
            public List<SeriesCandidate> list(StudyEvent event) {
                List<ImageRef> refs = List.of(ref(1), ref(2), ref(3));
                return List.of(new SeriesCandidate("1.2.3", 1, "CT", refs));
            }

            @Override
            public byte[] read(StudyEvent event, ImageRef ref) throws AnalysisException {
                read.add(ref.sopInstanceUid());
                throw new AnalysisException("fetch", ReasonCode.PACS_NOT_FOUND, "no such instance", null);
            }
        };
        DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults());
        try (MedMoeModel model = MedMoeModel.load(TinyModel.dir(), RuntimeConfig.cpu(1));
                ModelGateway gateway = new ModelGateway(model, 1, Duration.ZERO, 1, AnalysisMetrics.NONE)) {
            StudyAnalyzer analyzer = new StudyAnalyzer(ImageSelectorTest.PIPELINE, gateway, locator -> source, reader,
                    WindowPresets.defaults(), Duration.ofNanos(1), "test", Clock.systemUTC());

            // When the study is analysed
            AnalysisException e = catchThrowableOfType(() -> analyzer.analyze(event(), null), AnalysisException.class);

            // Then no image is fetched: the study is a TIMEOUT at the fetch stage
            assertThat(read).isEmpty();
            assertThat(e.stage()).isEqualTo("fetch");
            assertThat(e.reason()).isEqualTo(ReasonCode.TIMEOUT);
            assertThat(e.getMessage()).contains("not fetched within the study budget");
        }
    }

    private static ImageRef ref(int n) {
        return new ImageRef("1.2.3", "1.2.3." + n, "CT", null);
    }

    private static StudyEvent event() {
        return StudyEvent.newBuilder()
                .setStudyInstanceUid(STUDY).setRevision(1).setModalities(List.of("CT"))
                .setSeriesCount(1).setInstanceCount(3)
                .setLocator(new StudyLocator(LocatorKind.DICOMWEB, "http://localhost/dicom-web", null))
                .setSource("test").setEventTime(Instant.now())
                .build();
    }
}
