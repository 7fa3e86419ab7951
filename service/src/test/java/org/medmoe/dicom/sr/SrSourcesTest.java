package org.medmoe.dicom.sr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medmoe.dicom.web.DicomJson;

class SrSourcesTest {

    private static DicomJson instance(String date, String time) throws Exception {
        return new DicomJson(new ObjectMapper().readTree("{"
                + "\"00080018\":{\"vr\":\"UI\",\"Value\":[\"1.2.3.4.5\"]},"
                + "\"0020000E\":{\"vr\":\"UI\",\"Value\":[\"1.2.3.4\"]},"
                + "\"00080016\":{\"vr\":\"UI\",\"Value\":[\"1.2.840.10008.5.1.4.1.1.2\"]},"
                + "\"00080020\":{\"vr\":\"DA\",\"Value\":[\"" + date + "\"]},"
                + "\"00080030\":{\"vr\":\"TM\",\"Value\":[\"" + time + "\"]}}"));
    }

    @Test
    void shouldCopyAcrNemaStyleStudyDateAndTimeInDicomForm() throws Exception {
        SrSource source = SrSources.fromMetadata(List.of(instance("1997.04.24", "14:04:38")), null);

        assertThat(source.studyDate()).isEqualTo("19970424");
        assertThat(source.studyTime()).isEqualTo("140438");
        assertThat(source.images()).hasSize(1);
    }

    @Test
    void shouldCopyDicomStudyDateAndTimeUnchanged() throws Exception {
        SrSource source = SrSources.fromMetadata(List.of(instance("20040119", "072730.5")), null);

        assertThat(source.studyDate()).isEqualTo("20040119");
        assertThat(source.studyTime()).isEqualTo("072730.5");
    }
}
