package org.medmoe.dicom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medmoe.imaging.Preprocessor;
import org.medmoe.imaging.Stats;
import org.medmoe.imaging.VoiLut;
import org.medmoe.imaging.VoiWindow;
import org.medmoe.imaging.WindowPresets;

/**
 * What the service sees in one DICOM file: header fields, decode status, statistics of the
 * decoded values (after rescale; RGB after the palette of a PALETTE COLOR file, whose tables it
 * describes) and of the model tensor, or the typed error. The result is an
 * ordered map ready to be written as JSON. Patient identifiers are included only on request.
 * Thread-safe.
 */
public final class Inspection {

    private final DicomImageReader reader;
    private final Preprocessor preprocessor;
    private final WindowPresets presets;
    private final FrameSelection frames;

    /** Creates an inspection with the service's decode and pre-processing settings. */
    public Inspection(DicomImageReader reader, Preprocessor preprocessor, WindowPresets presets,
            FrameSelection frames) {
        this.reader = reader;
        this.preprocessor = preprocessor;
        this.presets = presets;
        this.frames = frames;
    }

    /** Inspects {@code file}; never throws for bad DICOM, reports it instead. */
    public Map<String, Object> inspect(Path file, boolean showIdentifiers) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", file.toString());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | OutOfMemoryError e) {
            return failed(out, "IOException", "cannot read file: " + e.getMessage());
        }
        try {
            header(out, reader.readHeader(bytes));
        } catch (DicomReadException e) {
            return failed(out, e.getClass().getSimpleName(), e.getMessage());
        }
        try {
            DicomImage image = reader.decode(bytes, frames);
            if (showIdentifiers) {
                Identifiers ids = image.identifiers();
                out.put("patientName", ids.patientName());
                out.put("patientId", ids.patientId());
                out.put("accessionNumber", ids.accessionNumber());
            }
            out.put("status", "decoded");
            out.put("decodedFrames", image.frameNumbers());
            out.put("frameValues", frameValues(image));
            out.put("decodedChannels", image.frames().get(0).channels());
            palette(out, bytes, image.header());
            out.put("decoded", stats(image.frames().get(0).stats()));
            float[] tensor = preprocessor.tensor(image.frames().get(0), image.voi(0, presets)).data();
            Map<String, Object> t = stats(Stats.of(tensor));
            int size = preprocessor.spec().size();
            t.put("shape", List.of(3, size, size));
            t.put("fit", preprocessor.spec().fit().name());
            out.put("tensor", t);
            return out;
        } catch (DicomReadException e) {
            return failed(out, e.getClass().getSimpleName(), e.getMessage());
        }
    }

    private static void header(Map<String, Object> out, DicomHeader h) {
        out.put("modality", h.modality());
        out.put("sopClassUid", h.sopClassUid());
        out.put("transferSyntaxUid", h.transferSyntaxUid());
        out.put("rows", h.rows());
        out.put("columns", h.columns());
        out.put("bitsAllocated", h.bitsAllocated());
        out.put("bitsStored", h.bitsStored());
        out.put("pixelRepresentation", h.pixelRepresentation());
        out.put("photometricInterpretation", h.photometricInterpretation());
        out.put("samplesPerPixel", h.samplesPerPixel());
        out.put("frames", h.frames());
        out.put("enhanced", h.enhanced());
    }

    /** For PALETTE COLOR: the tables the frames were mapped through to RGB. */
    private static void palette(Map<String, Object> out, byte[] bytes, DicomHeader header) throws DicomReadException {
        PaletteLut lut = PaletteLut.of(PixelMedParser.readHeader(bytes), header);
        if (lut != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("entries", lut.entries());
            m.put("firstMapped", lut.firstMapped());
            m.put("bits", lut.bits());
            m.put("segmented", lut.segmented());
            out.put("palette", m);
        }
    }

    /** Per decoded frame: its number, rescale and file VOI, and where in the object each was found. */
    private static List<Map<String, Object>> frameValues(DicomImage image) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (int i = 0; i < image.frames().size(); i++) {
            FrameValues v = image.frameValues().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("frame", image.frameNumbers().get(i));
            m.put("rescaleSlope", v.rescaleSlope());
            m.put("rescaleIntercept", v.rescaleIntercept());
            m.put("rescaleFrom", name(v.rescaleFrom()));
            if (v.voi() instanceof VoiWindow w) {
                Map<String, Object> window = new LinkedHashMap<>();
                window.put("center", w.center());
                window.put("width", w.width());
                m.put("window", window);
            } else if (v.voi() instanceof VoiLut lut) {
                Map<String, Object> table = new LinkedHashMap<>();
                table.put("entries", lut.table().length);
                table.put("firstMapped", lut.firstMapped());
                m.put("voiLut", table);
            }
            m.put("voiFrom", name(v.voiFrom()));
            out.add(m);
        }
        return out;
    }

    private static String name(FrameValues.Source source) {
        return source.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static Map<String, Object> stats(Stats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", s.min());
        m.put("max", s.max());
        m.put("mean", s.mean());
        return m;
    }

    private static Map<String, Object> failed(Map<String, Object> out, String type, String message) {
        out.put("status", "failed");
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        error.put("message", message);
        out.put("error", error);
        return out;
    }
}
