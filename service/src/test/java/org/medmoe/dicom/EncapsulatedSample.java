package org.medmoe.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.Arrays;
import org.medmoe.testing.dicom.DebianSamples;

/**
 * A real single-frame encapsulated DICOM file from python3-pydicom, whose one fragment can be
 * replaced: for feeding altered codestreams through the whole reader.
 */
final class EncapsulatedSample {

    private final byte[] file;
    private final int fragmentStart;
    private final byte[] frame;

    /** Loads {@code name}; its fragment is the one that starts with {@code magic}. */
    EncapsulatedSample(String name, byte[] magic) throws Exception {
        file = Files.readAllBytes(DebianSamples.pydicom(name));
        fragmentStart = indexOf(file, magic, 0);
        int length = (file[fragmentStart - 4] & 0xFF) | (file[fragmentStart - 3] & 0xFF) << 8
                | (file[fragmentStart - 2] & 0xFF) << 16 | (file[fragmentStart - 1] & 0xFF) << 24;
        frame = Arrays.copyOfRange(file, fragmentStart, fragmentStart + length);
    }

    /** A copy of the frame's bytes. */
    byte[] frame() {
        return frame.clone();
    }

    /** The file with its fragment replaced by {@code replacement}, then the sequence delimiter. */
    byte[] withFrame(byte[] replacement) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(file, 0, fragmentStart - 4);
        int padded = replacement.length + (replacement.length & 1);
        out.write(new byte[] {(byte) padded, (byte) (padded >> 8), (byte) (padded >> 16), (byte) (padded >> 24)}, 0, 4);
        out.write(replacement, 0, replacement.length);
        if ((replacement.length & 1) == 1) {
            out.write(0);
        }
        out.write(new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xDD, (byte) 0xE0, 0, 0, 0, 0}, 0, 8);
        return out.toByteArray();
    }

    /** Index of the first {@code needle} in {@code haystack} from {@code from}. */
    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("marker not found");
    }
}
