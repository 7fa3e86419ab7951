#!/usr/bin/python3
"""Writes enhanced multi-frame CT objects from a real CT file, for tests of per-frame values.

Usage: /usr/bin/python3 make_enhanced.py SOURCE.dcm OUT_DIR   (Debian's python3-pydicom, python3-numpy)

No Debian package ships an enhanced multi-frame object whose frames carry their own rescale or
window, so these are built with pydicom from a real single-frame CT (python3-pydicom's
CT_small.dcm): its pixel data, turned by 0, 90, 180 and 270 degrees, makes four frames, and the
functional groups give them different values (each macro either per frame or shared, as PS3.3
C.7.6.16 requires). Other modules an Enhanced CT needs (plane position, frame anatomy, ...) are
not written: the files exercise the decoder, not the IOD.

Files written to OUT_DIR:
  enhanced_ct.dcm      per-frame Pixel Value Transformation (slope/intercept 1/-1024, 2/-2048,
                       0.5/-100, 1/-1000), shared Frame VOI LUT 40/400; Explicit VR Little Endian
  enhanced_ct_rle.dcm  the same, RLE Lossless (encapsulated, one fragment per frame)
  enhanced_ct_voi.dcm  shared Pixel Value Transformation 1/-1024, per-frame Frame VOI LUT 40/400,
                       -600/1500, 400/1800, 50/350
  enhanced_ct_top.dcm  functional groups without those macros, and top-level RescaleSlope 1,
                       RescaleIntercept -1024, WindowCenter 40, WindowWidth 400 (the fallback)
"""
import os
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, RLELossless, generate_uid

ENHANCED_CT = "1.2.840.10008.5.1.4.1.1.2.1"
RESCALES = [(1, -1024), (2, -2048), (0.5, -100), (1, -1000)]
WINDOWS = [(40, 400), (-600, 1500), (400, 1800), (50, 350)]


def pvt(slope, intercept):
    item = Dataset()
    item.RescaleSlope = slope
    item.RescaleIntercept = intercept
    item.RescaleType = "HU"
    return Sequence([item])


def voi(center, width):
    item = Dataset()
    item.WindowCenter = center
    item.WindowWidth = width
    return Sequence([item])


def frame_content(n):
    item = Dataset()
    item.FrameAcquisitionNumber = n
    item.InStackPositionNumber = n
    return Sequence([item])


def base(source):
    ds = pydicom.dcmread(source)
    pixels = ds.pixel_array
    frames = np.stack([np.ascontiguousarray(np.rot90(pixels, k)) for k in range(4)])
    for keyword in ("RescaleSlope", "RescaleIntercept", "RescaleType", "WindowCenter", "WindowWidth"):
        if keyword in ds:
            delattr(ds, keyword)
    ds.SOPClassUID = ENHANCED_CT
    ds.file_meta.MediaStorageSOPClassUID = ENHANCED_CT
    ds.NumberOfFrames = 4
    ds.PixelData = frames.astype(pixels.dtype).tobytes()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    return ds


def with_groups(source, per_frame_rescale, per_frame_window, macros=True):
    out = base(source)
    out.SOPInstanceUID = generate_uid()
    out.file_meta.MediaStorageSOPInstanceUID = out.SOPInstanceUID
    shared = Dataset()
    if macros and not per_frame_rescale:
        shared.PixelValueTransformationSequence = pvt(*RESCALES[0])
    if macros and not per_frame_window:
        shared.FrameVOILUTSequence = voi(*WINDOWS[0])
    measures = Dataset()
    measures.PixelSpacing = [0.66, 0.66]
    measures.SliceThickness = 5
    shared.PixelMeasuresSequence = Sequence([measures])
    out.SharedFunctionalGroupsSequence = Sequence([shared])
    items = []
    for n in range(4):
        item = Dataset()
        item.FrameContentSequence = frame_content(n + 1)
        if macros and per_frame_rescale:
            item.PixelValueTransformationSequence = pvt(*RESCALES[n])
        if macros and per_frame_window:
            item.FrameVOILUTSequence = voi(*WINDOWS[n])
        items.append(item)
    out.PerFrameFunctionalGroupsSequence = Sequence(items)
    return out


def main():
    source, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    with_groups(source, True, False).save_as(os.path.join(out_dir, "enhanced_ct.dcm"), write_like_original=False)
    rle = with_groups(source, True, False)
    rle.compress(RLELossless)
    rle.save_as(os.path.join(out_dir, "enhanced_ct_rle.dcm"), write_like_original=False)
    with_groups(source, False, True).save_as(os.path.join(out_dir, "enhanced_ct_voi.dcm"),
                                              write_like_original=False)
    top = with_groups(source, False, False, macros=False)
    top.RescaleSlope = 1
    top.RescaleIntercept = -1024
    top.WindowCenter = 40
    top.WindowWidth = 400
    top.save_as(os.path.join(out_dir, "enhanced_ct_top.dcm"), write_like_original=False)


if __name__ == "__main__":
    main()
