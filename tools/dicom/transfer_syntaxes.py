#!/usr/bin/python3
"""Prints each DICOM file's transfer syntax UID as pydicom reads it, as a reference for the tests.

Usage: /usr/bin/python3 transfer_syntaxes.py FILE...   (Debian's python3-pydicom)

One line per file: the UID, a tab, the file. Files pydicom cannot read, or without a file meta
header, print "-" as their UID.
"""
import sys

import pydicom


def main(files):
    for f in files:
        try:
            uid = str(pydicom.dcmread(f, stop_before_pixels=True).file_meta.TransferSyntaxUID)
        except Exception:  # any file pydicom cannot read is reported, not fatal
            uid = "-"
        print(uid + "\t" + f)


if __name__ == "__main__":
    main(sys.argv[1:])
