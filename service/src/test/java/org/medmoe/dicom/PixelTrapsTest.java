package org.medmoe.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.medmoe.imaging.RgbImage;
import org.medmoe.imaging.VoiWindow;
import org.medmoe.imaging.WindowPresets;
import org.medmoe.testing.dicom.DicomBytes;

/** The pixel traps, on small hand-written objects whose right answer is known. */
class PixelTrapsTest {

    private static final String SC = "1.2.840.10008.5.1.4.1.1.7";
    private static final String UID = "1.2.3.4.5.6.7.8.9";
    private final DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults());

    private static byte[] words(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putShort((short) v);
        }
        return b.array();
    }

    private static DicomBytes grey(String modality, String photometric, int rows, int columns, int stored, int signed) {
        return new DicomBytes().string(0x0008, 0x0016, "UI", SC).string(0x0008, 0x0018, "UI", UID)
                .string(0x0008, 0x0060, "CS", modality).us(0x0028, 0x0002, 1)
                .string(0x0028, 0x0004, "CS", photometric).us(0x0028, 0x0010, rows).us(0x0028, 0x0011, columns)
                .us(0x0028, 0x0100, 16).us(0x0028, 0x0101, stored).us(0x0028, 0x0102, stored - 1)
                .us(0x0028, 0x0103, signed);
    }

    @Test
    void shouldSignExtendFromBitsStoredAndApplyRescale() throws Exception {
        byte[] file = grey("CT", "MONOCHROME2", 1, 4, 12, 1)
                .string(0x0028, 0x1052, "DS", "-1024").string(0x0028, 0x1053, "DS", "2")
                .element(0x7FE0, 0x0010, "OW", words(0x0FFF, 0x0800, 0x07FF, 0xF001)).file(SC, UID,
                        TransferSyntaxes.EXPLICIT_LE);

        float[] v = reader.decode(file, FrameSelection.first()).frames().get(0).samples();

        // 0x0FFF is -1 in 12 bits, 0x0800 is -2048, 0x07FF is 2047; bits above BitsStored are ignored.
        assertThat(v).containsExactly(-1026f, -5120f, 3070f, -1022f);
    }

    /** One sequence item (defined length) holding {@code dataSet}. */
    private static byte[] item(byte[] dataSet) {
        return ByteBuffer.allocate(8 + dataSet.length).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0xFFFE)
                .putShort((short) 0xE000).putInt(dataSet.length).put(dataSet).array();
    }

    @Test
    void shouldRefuseAFunctionalGroupRescaleSlopeOfZeroAsCorrupt() throws Exception {
        // Given a two-frame image whose shared functional group gives slope 0 (every value would be the intercept)
        byte[] pixelValueTransformation = new DicomBytes().string(0x0028, 0x1052, "DS", "-1024")
                .string(0x0028, 0x1053, "DS", "0").dataSet();
        byte[] shared = new DicomBytes().element(0x0028, 0x9145, "SQ", item(pixelValueTransformation)).dataSet();
        byte[] file = new DicomBytes().string(0x0008, 0x0016, "UI", SC).string(0x0008, 0x0018, "UI", UID)
                .string(0x0008, 0x0060, "CS", "CT").us(0x0028, 0x0002, 1).string(0x0028, 0x0004, "CS", "MONOCHROME2")
                .string(0x0028, 0x0008, "IS", "2").us(0x0028, 0x0010, 1).us(0x0028, 0x0011, 2)
                .us(0x0028, 0x0100, 16).us(0x0028, 0x0101, 16).us(0x0028, 0x0102, 15).us(0x0028, 0x0103, 0)
                .element(0x5200, 0x9229, "SQ", item(shared))
                .element(0x7FE0, 0x0010, "OW", words(1, 2, 3, 4)).file(SC, UID, TransferSyntaxes.EXPLICIT_LE);

        // Then decoding fails with the typed error naming the frame and the attribute
        assertThatThrownBy(() -> reader.decode(file, FrameSelection.middle()))
                .isInstanceOf(DicomCorruptException.class)
                .hasMessageContaining("frame 2: functional group RescaleSlope is 0.0");
    }

    @Test
    void shouldUseTheFileWindowThenThePresetAndInvertMonochrome1() throws Exception {
        byte[] withWindow = grey("CT", "MONOCHROME1", 1, 3, 16, 0).string(0x0028, 0x1050, "DS", "100")
                .string(0x0028, 0x1051, "DS", "201").element(0x7FE0, 0x0010, "OW", words(0, 100, 200))
                .file(SC, UID, TransferSyntaxes.EXPLICIT_LE);
        byte[] withoutWindow = grey("CT", "MONOCHROME2", 1, 3, 16, 1)
                .element(0x7FE0, 0x0010, "OW", words(-160 & 0xFFFF, 40, 240)).file(SC, UID, TransferSyntaxes.EXPLICIT_LE);

        DicomImage a = reader.decode(withWindow, FrameSelection.first());
        RgbImage ra = a.render(0, WindowPresets.defaults());
        DicomImage b = reader.decode(withoutWindow, FrameSelection.first());
        RgbImage rb = b.render(0, WindowPresets.defaults());

        assertThat(a.fileVoi(0)).isEqualTo(new VoiWindow(100, 201));
        // DICOM linear window 100/201 gives 1, 128, 255 (PS3.3 C.11.2.1.2.1); MONOCHROME1 inverts.
        assertThat(new int[] {ra.sample(0, 0, 0), ra.sample(1, 0, 0), ra.sample(2, 0, 0)}).containsExactly(254, 127, 0);
        assertThat(b.voi(0, WindowPresets.defaults())).isEqualTo(VoiWindow.CT_SOFT_TISSUE);
        assertThat(new int[] {rb.sample(0, 0, 1), rb.sample(1, 0, 1), rb.sample(2, 0, 1)}).containsExactly(0, 128, 255);
    }

    @Test
    void shouldDeinterleavePlanarRgbAndPickTheMiddleFrame() throws Exception {
        byte[] pixels = new byte[3 * 2 * 3];
        for (int frame = 0; frame < 3; frame++) {
            // planar: R R, G G, B B
            byte[] f = {(byte) (10 * frame), (byte) (10 * frame + 1), 50, 51, (byte) 200, (byte) 201};
            System.arraycopy(f, 0, pixels, 6 * frame, 6);
        }
        byte[] file = new DicomBytes().string(0x0008, 0x0016, "UI", SC).string(0x0008, 0x0018, "UI", UID)
                .us(0x0028, 0x0002, 3).string(0x0028, 0x0004, "CS", "RGB").us(0x0028, 0x0006, 1)
                .string(0x0028, 0x0008, "IS", "3").us(0x0028, 0x0010, 1).us(0x0028, 0x0011, 2)
                .us(0x0028, 0x0100, 8).us(0x0028, 0x0101, 8).us(0x0028, 0x0102, 7).us(0x0028, 0x0103, 0)
                .element(0x7FE0, 0x0010, "OB", pixels).file(SC, UID, TransferSyntaxes.EXPLICIT_LE);

        DicomImage image = reader.decode(file, FrameSelection.middle());

        assertThat(image.frameNumbers()).containsExactly(2);
        assertThat(image.frames().get(0).samples()).containsExactly(10, 50, 200, 11, 51, 201);
    }

    @Test
    void shouldSpreadEvenlyChosenFrames() {
        assertThat(new FrameSelection(FrameSelection.Policy.EVENLY, 3).select(9)).containsExactly(0, 4, 8);
        assertThat(new FrameSelection(FrameSelection.Policy.ALL, 2).select(5)).containsExactly(0, 1);
    }

    @Test
    void shouldChooseOneFrameByIndexAndNoneBeyondTheLast() {
        assertThat(FrameSelection.at(1).select(3)).containsExactly(1);
        assertThat(FrameSelection.at(0).select(1)).containsExactly(0);
        assertThat(FrameSelection.at(3).select(3)).isEmpty();
        assertThatThrownBy(() -> FrameSelection.at(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
