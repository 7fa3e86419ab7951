#!/usr/bin/python3
"""Decodes every frame of (enhanced) multi-frame DICOM files with pydicom + numpy, applying each
frame's functional-group values, as an independent reference for the Java decoder.

Usage: /usr/bin/python3 enhanced_dump.py OUT_DIR FILE...   (Debian's python3-pydicom, python3-numpy)

pydicom's own modality and VOI LUT functions read the top-level attributes only, so for each frame
this script picks the Pixel Value Transformation and Frame VOI LUT items (per-frame group, else
shared group, else the top-level attributes, PS3.3 C.7.6.16) and hands them to those functions as
a small data set. For each frame it writes one JSON line to OUT_DIR/index.jsonl:
  {"file", "frame" (1-based), "slope", "intercept", "rescaleFrom", "center", "width", "voiFrom",
   "values", "display"}
with OUT_DIR/<values> holding the modality values (apply_modality_lut) and OUT_DIR/<display> the
windowed display values in 0..255 (apply_voi_lut, LINEAR), both little-endian float64, row-major.
"""
import json
import os
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset
from pydicom.pixel_data_handlers.util import apply_modality_lut, apply_voi_lut


def first_item(ds, keyword):
    if ds is None or keyword not in ds or len(ds[keyword].value) == 0:
        return None
    return ds[keyword].value[0]


def pick(ds, frame, macro, attribute):
    """The item holding `attribute` for `frame`, and where it was found."""
    per_frame = ds.get("PerFrameFunctionalGroupsSequence")
    shared = ds.get("SharedFunctionalGroupsSequence")
    candidates = [
        (first_item(per_frame[frame] if per_frame and len(per_frame) > frame else None, macro), "per-frame"),
        (first_item(shared[0] if shared else None, macro), "shared"),
        (ds, "top-level"),
    ]
    for item, source in candidates:
        if item is not None and attribute in item:
            return item, source
    return None, "none"


def first_value(v):
    return float(v[0]) if isinstance(v, pydicom.multival.MultiValue) else float(v)


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "index.jsonl"), "w") as index:
        for n, path in enumerate(sys.argv[2:]):
            ds = pydicom.dcmread(path)
            frames = ds.pixel_array
            if int(getattr(ds, "NumberOfFrames", 1) or 1) == 1:
                frames = frames[np.newaxis]
            for f in range(frames.shape[0]):
                rescale, rescale_from = pick(ds, f, "PixelValueTransformationSequence", "RescaleSlope")
                modality = Dataset()
                modality.RescaleSlope = rescale.RescaleSlope if rescale is not None else 1
                modality.RescaleIntercept = rescale.RescaleIntercept if rescale is not None else 0
                values = np.asarray(apply_modality_lut(frames[f], modality), dtype=np.float64)
                window, voi_from = pick(ds, f, "FrameVOILUTSequence", "WindowCenter")
                entry = {"file": path, "frame": f + 1, "slope": float(modality.RescaleSlope),
                         "intercept": float(modality.RescaleIntercept), "rescaleFrom": rescale_from,
                         "voiFrom": voi_from}
                entry["values"] = "%d_%d.values.f64" % (n, f)
                values.astype("<f8").tofile(os.path.join(out_dir, entry["values"]))
                if window is not None:
                    display = Dataset()
                    display.PhotometricInterpretation = "MONOCHROME2"
                    display.PixelRepresentation = 0
                    display.BitsStored = 8
                    display.WindowCenter = first_value(window.WindowCenter)
                    display.WindowWidth = first_value(window.WindowWidth)
                    entry.update(center=float(display.WindowCenter), width=float(display.WindowWidth))
                    shown = np.asarray(apply_voi_lut(values, display), dtype=np.float64)
                    entry["display"] = "%d_%d.display.f64" % (n, f)
                    shown.astype("<f8").tofile(os.path.join(out_dir, entry["display"]))
                index.write(json.dumps(entry) + "\n")


if __name__ == "__main__":
    main()
