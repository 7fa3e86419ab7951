#!/usr/bin/python3
"""Writes PALETTE COLOR test images with pydicom, for comparing palette decoding with pydicom.

Usage: /usr/bin/python3 make_palette.py OUT_DIR   (Debian's python3-pydicom, python3-numpy)

Debian's python3-pydicom ships the eight well-known colour palettes of PS3.6 Annex B
(pydicom/data/palettes: four with plain, four with segmented lookup table data, all 8-bit entries of
256) but no PALETTE COLOR image. This script puts each palette's descriptors and data, copied
unchanged, on an 8-bit image whose indices cover 0..255, and adds variants: 16-bit entries with a
first mapped value and indices below and past the table, signed indices with a negative first
mapped value, implicit VR, and RLE Lossless. Prints the names of the files it wrote.
"""
import os
import sys

import numpy as np
import pydicom
from pydicom.data import get_palette_files
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian, RLELossless, generate_uid

ROWS, COLUMNS = 48, 64
LUT_KEYWORDS = ["%s%sPaletteColorLookupTable%s" % (seg, c, part)
                for seg in ("", "Segmented") for c in ("Red", "Green", "Blue") for part in ("Descriptor", "Data")
                if not (seg and part == "Descriptor")]


def image(pixels, bits_stored, signed=False):
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = "OT"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "PALETTE COLOR"
    ds.Rows, ds.Columns = ROWS, COLUMNS
    ds.BitsAllocated = 8 if pixels.dtype.itemsize == 1 else 16
    ds.BitsStored = bits_stored
    ds.HighBit = bits_stored - 1
    ds.PixelRepresentation = 1 if signed else 0
    ds.PixelData = pixels.tobytes()
    return ds


def ramp(low, high, dtype):
    r, c = np.mgrid[0:ROWS, 0:COLUMNS]
    return (low + (r * COLUMNS + c) * 7 % (high - low + 1)).astype(dtype)


def write(ds, path, implicit=False):
    if implicit:
        ds.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
    ds.is_little_endian, ds.is_implicit_VR = True, implicit
    ds.save_as(path, write_like_original=False)
    print(path)


def with_palette(ds, palette):
    for keyword in LUT_KEYWORDS:
        if keyword in palette:
            ds[keyword] = palette[keyword]
    return ds


def table16(entries, first, signed):
    i = np.arange(entries, dtype=np.uint32)
    vr = "SS" if signed else "US"
    descriptor = [entries, first, 16]
    luts = [(i * 65535 // (entries - 1)), 65535 - (i * 65535 // (entries - 1)), (i * 7919) % 65536]
    return descriptor, vr, [lut.astype("<u2").tobytes() for lut in luts]


def with_table16(ds, entries, first, signed=False):
    descriptor, vr, data = table16(entries, first, signed)
    for colour, lut in zip(("Red", "Green", "Blue"), data):
        ds.add_new("%sPaletteColorLookupTableDescriptor" % colour, vr, descriptor)
        ds.add_new("%sPaletteColorLookupTableData" % colour, "OW", lut)
    return ds


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    palettes = {}
    for path in sorted(get_palette_files("*.dcm")):
        name = os.path.basename(path)[:-4]
        palettes[name] = pydicom.dcmread(path)
        write(with_palette(image(ramp(0, 255, np.uint8), 8), palettes[name]), os.path.join(out, "pal8_%s.dcm" % name))
    write(with_palette(image(ramp(0, 255, np.uint8), 8), palettes["hotiron"]), os.path.join(out, "pal8_implicit.dcm"),
          implicit=True)
    write(with_palette(image(ramp(0, 255, np.uint8), 8), palettes["winter"]), os.path.join(out, "pal8_seg_implicit.dcm"),
          implicit=True)
    rle = with_palette(image(ramp(0, 255, np.uint8), 8), palettes["pet"])
    rle.compress(RLELossless)
    write(rle, os.path.join(out, "pal8_rle.dcm"))
    write(with_table16(image(ramp(0, 4300, np.uint16), 13), 4096, 100), os.path.join(out, "pal16_first100.dcm"))
    write(with_table16(image(ramp(-600, 600, np.int16), 16, signed=True), 1024, -256, signed=True),
          os.path.join(out, "pal16_signed.dcm"))
    rle16 = with_table16(image(ramp(0, 1000, np.uint16), 10), 1024, 0)
    rle16.compress(RLELossless)
    write(rle16, os.path.join(out, "pal16_rle.dcm"))


if __name__ == "__main__":
    main()
