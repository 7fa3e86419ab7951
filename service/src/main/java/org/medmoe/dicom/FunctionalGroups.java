package org.medmoe.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import org.medmoe.imaging.VoiTransform;

/**
 * Reads the values of each frame of a multi-frame object. Enhanced objects (Enhanced CT, MR, XA
 * and any object with a Per-frame or Shared Functional Groups Sequence, PS3.3 C.7.6.16) carry
 * them in functional groups: the Pixel Value Transformation Sequence (rescale slope and intercept)
 * and the Frame VOI LUT Sequence (window centre and width, or a VOI LUT). Each value is taken from
 * the frame's per-frame item, else the shared item, else the top-level attributes. Stateless.
 */
final class FunctionalGroups {

    private FunctionalGroups() {
    }

    /** Whether {@code list} has a Per-frame or Shared Functional Groups Sequence. */
    static boolean isEnhanced(AttributeList list) {
        return list.get(TagFromName.PerFrameFunctionalGroupsSequence) != null
                || list.get(TagFromName.SharedFunctionalGroupsSequence) != null;
    }

    /**
     * The values of frame {@code frame} (0-based) of an object with the given header.
     *
     * @throws DicomCorruptException when a functional group holds a rescale that is not a finite
     *         number or a slope of zero
     */
    static FrameValues forFrame(AttributeList list, DicomHeader header, int frame) throws DicomCorruptException {
        if (header.samplesPerPixel() != 1) {
            return new FrameValues(1, 0, FrameValues.Source.NONE, null, FrameValues.Source.NONE);
        }
        AttributeList perFrame = item(list, TagFromName.PerFrameFunctionalGroupsSequence, frame);
        AttributeList shared = item(list, TagFromName.SharedFunctionalGroupsSequence, 0);
        AttributeList[] groups = {macro(perFrame, TagFromName.PixelValueTransformationSequence),
            macro(shared, TagFromName.PixelValueTransformationSequence)};
        FrameValues.Source[] sources = {FrameValues.Source.PER_FRAME, FrameValues.Source.SHARED};
        double slope = header.rescaleSlope();
        double intercept = header.rescaleIntercept();
        FrameValues.Source rescaleFrom = list.get(TagFromName.RescaleSlope) != null
                || list.get(TagFromName.RescaleIntercept) != null ? FrameValues.Source.TOP_LEVEL : FrameValues.Source.NONE;
        for (int i = 0; i < groups.length; i++) {
            if (groups[i] != null && groups[i].get(TagFromName.RescaleSlope) != null) {
                slope = rescale(groups[i], TagFromName.RescaleSlope, 1, frame);
                intercept = rescale(groups[i], TagFromName.RescaleIntercept, 0, frame);
                rescaleFrom = sources[i];
                break;
            }
        }
        AttributeList[] vois = {macro(perFrame, TagFromName.FrameVOILUTSequence),
            macro(shared, TagFromName.FrameVOILUTSequence), list};
        FrameValues.Source[] voiSources = {FrameValues.Source.PER_FRAME, FrameValues.Source.SHARED,
            FrameValues.Source.TOP_LEVEL};
        for (int i = 0; i < vois.length; i++) {
            VoiTransform voi = vois[i] == null ? null : VoiReader.read(vois[i], header.pixelRepresentation());
            if (voi != null) {
                return new FrameValues(slope, intercept, rescaleFrom, voi, voiSources[i]);
            }
        }
        return new FrameValues(slope, intercept, rescaleFrom, null, FrameValues.Source.NONE);
    }

    private static double rescale(AttributeList group, AttributeTag tag, double otherwise, int frame)
            throws DicomCorruptException {
        double v = Attribute.getSingleDoubleValueOrDefault(group, tag, otherwise);
        if (!Double.isFinite(v) || tag.equals(TagFromName.RescaleSlope) && v == 0) {
            throw new DicomCorruptException("frame " + (frame + 1) + ": functional group "
                    + (tag.equals(TagFromName.RescaleSlope) ? "RescaleSlope" : "RescaleIntercept") + " is " + v);
        }
        return v;
    }

    /** Item {@code index} of sequence {@code tag} in {@code list}, or null. */
    private static AttributeList item(AttributeList list, AttributeTag tag, int index) {
        if (list == null) {
            return null;
        }
        Attribute a = list.get(tag);
        if (!(a instanceof SequenceAttribute) || ((SequenceAttribute) a).getNumberOfItems() <= index) {
            return null;
        }
        return ((SequenceAttribute) a).getItem(index).getAttributeList();
    }

    /** The first item of the functional group macro {@code tag} in a group item, or null. */
    private static AttributeList macro(AttributeList group, AttributeTag tag) {
        return item(group, tag, 0);
    }
}
