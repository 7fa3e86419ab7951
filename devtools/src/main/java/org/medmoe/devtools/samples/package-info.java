/**
 * Sample studies written as DICOM from the bundled model's sample images, with their truth, and the
 * study events that announce them: the inputs of the demo, the pipeline benchmark and the
 * integration tests.
 */
package org.medmoe.devtools.samples;
