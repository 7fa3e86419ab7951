#!/usr/bin/python3
"""Decodes DICOM files with pydicom + numpy, as an independent reference for the Java decoder.

Usage: /usr/bin/python3 pydicom_dump.py OUT_DIR FILE...   (Debian's python3-pydicom, python3-numpy)

For each file, writes one JSON line to OUT_DIR/index.jsonl:
  {"file", "status": "ok"|"error", "error", "rows", "columns", "channels", "transferSyntax", "raw"}
and, when decoded, OUT_DIR/<raw> holding the first frame as little-endian float64, row-major,
channels interleaved: greyscale after the modality LUT (rescale slope/intercept), colour
converted to RGB and scaled to 0..255, PALETTE COLOR through its lookup tables (pydicom's
apply_color_lut) to RGB, scaled to 0..255 when the entries have 16 bits.

pydicom's own handlers (numpy, RLE, Pillow) decode first. Where none of them can (JPEG-LS, 12-bit
JPEG), GDCM (Debian's python3-gdcm) does, and its result is kept only when GDCM itself reports
that it decoded the file: pydicom 2.3's GDCM handler returns whatever is in its buffer when GDCM's
decoder fails. "decoder" in the JSON line names the handler used.
"""
import json
import os
import sys

import numpy as np
import pydicom
import pydicom.config
from pydicom.pixel_data_handlers import gdcm_handler
from pydicom.pixel_data_handlers.util import apply_color_lut, apply_modality_lut, convert_color_space


def first_frame(ds):
    arr = ds.pixel_array
    frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    spp = int(getattr(ds, "SamplesPerPixel", 1))
    if frames > 1:
        arr = arr[0]
    if spp == 1 and str(ds.PhotometricInterpretation) == "PALETTE COLOR":
        bits = int(ds.RedPaletteColorLookupTableDescriptor[2])
        return np.asarray(apply_color_lut(arr, ds), dtype=np.float64) * (255.0 / ((1 << bits) - 1)), 3
    if spp == 1:
        return np.asarray(apply_modality_lut(arr, ds), dtype=np.float64), 1
    pi = str(ds.PhotometricInterpretation)
    if pi.startswith("YBR_FULL"):
        arr = convert_color_space(arr, "YBR_FULL", "RGB")
    arr = np.asarray(arr, dtype=np.float64)
    bits = int(ds.BitsStored)
    if bits > 8:
        arr = arr * (255.0 / ((1 << bits) - 1))
    return arr, 3


def gdcm_decodes(path):
    """True when GDCM itself reports that it decoded the pixel data of path."""
    import gdcm
    reader = gdcm.ImageReader()
    reader.SetFileName(path)
    if not reader.Read():
        return False
    change = gdcm.ImageChangeTransferSyntax()
    change.SetTransferSyntax(gdcm.TransferSyntax(gdcm.TransferSyntax.ExplicitVRLittleEndian))
    change.SetInput(reader.GetImage())
    return bool(change.Change())


def decode(path, ds):
    """The first frame and its channel count, and the name of the handler that decoded it."""
    handlers = list(pydicom.config.pixel_data_handlers)
    own = [h for h in handlers if h is not gdcm_handler]
    try:
        pydicom.config.pixel_data_handlers = own
        try:
            return first_frame(ds) + ("pydicom",)
        except Exception:
            if not gdcm_handler.is_available():
                raise
        pydicom.config.pixel_data_handlers = [gdcm_handler]
        ds._pixel_array = None
        ds._pixel_id = {}
        result = first_frame(ds)
        if not gdcm_decodes(path):
            raise ValueError("GDCM reports that it could not decode the pixel data")
        return result + ("gdcm",)
    finally:
        pydicom.config.pixel_data_handlers = handlers


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "index.jsonl"), "w") as index:
        for n, path in enumerate(sys.argv[2:]):
            entry = {"file": path}
            try:
                ds = pydicom.dcmread(path, force=True)
                if "TransferSyntaxUID" not in ds.file_meta:
                    ds.file_meta.TransferSyntaxUID = (
                        pydicom.uid.ImplicitVRLittleEndian if ds.is_implicit_VR
                        else pydicom.uid.ExplicitVRLittleEndian if ds.is_little_endian
                        else pydicom.uid.ExplicitVRBigEndian)
                entry["transferSyntax"] = str(ds.file_meta.TransferSyntaxUID)
                arr, channels, decoder = decode(path, ds)
                raw = "%d.f64" % n
                arr.astype("<f8").tofile(os.path.join(out_dir, raw))
                entry.update(status="ok", rows=int(ds.Rows), columns=int(ds.Columns),
                             channels=channels, raw=raw, decoder=decoder)
            except Exception as e:  # the reference only reports; the Java test decides
                entry.update(status="error", error="%s: %s" % (type(e).__name__, e))
            index.write(json.dumps(entry) + "\n")


if __name__ == "__main__":
    main()
