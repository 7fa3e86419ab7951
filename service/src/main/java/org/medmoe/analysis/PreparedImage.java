package org.medmoe.analysis;

import org.medmoe.imaging.PixelTensor;

/** One frame of a selected instance, decoded and pre-processed for the model. */
record PreparedImage(ImageRef ref, int frame, PixelTensor tensor, double fetchMs, double decodeMs) {
}
