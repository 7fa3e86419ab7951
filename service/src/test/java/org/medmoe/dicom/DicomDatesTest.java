package org.medmoe.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DicomDatesTest {

    @Test
    void shouldNormaliseAcrNemaDatesAndLeaveDicomOnesAlone() {
        assertThat(DicomDates.date("1997.04.24")).isEqualTo("19970424");
        assertThat(DicomDates.date(" 1997.04.24 ")).isEqualTo("19970424");
        assertThat(DicomDates.date("19970424")).isEqualTo("19970424");
        assertThat(DicomDates.date("1997-04-24")).as("not ACR-NEMA: left for the validator").isEqualTo("1997-04-24");
        assertThat(DicomDates.date("97.04.24")).isEqualTo("97.04.24");
        assertThat(DicomDates.date(null)).isNull();
    }

    @Test
    void shouldNormaliseAcrNemaTimesAndLeaveDicomOnesAlone() {
        assertThat(DicomDates.time("14:04:38")).isEqualTo("140438");
        assertThat(DicomDates.time("14:04")).isEqualTo("1404");
        assertThat(DicomDates.time("14:04:38.123456")).isEqualTo("140438.123456");
        assertThat(DicomDates.time("140438.25")).isEqualTo("140438.25");
        assertThat(DicomDates.time("14:4:38")).isEqualTo("14:4:38");
        assertThat(DicomDates.time("14:04:38:00")).isEqualTo("14:04:38:00");
        assertThat(DicomDates.time(null)).isNull();
    }
}
