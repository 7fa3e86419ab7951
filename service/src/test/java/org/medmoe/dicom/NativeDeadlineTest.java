package org.medmoe.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The deadline and the slots around native decodes, with decodes that block on a latch in place of a decoder. */
class NativeDeadlineTest {

    private static final long SHORT = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long LONG = TimeUnit.SECONDS.toNanos(30);

    @Test
    void shouldHandBackTheResultAndTheDecodersOwnRefusal() throws Exception {
        NativeDeadline guard = new NativeDeadline(2);

        assertThat(guard.run("test", 4, LONG, () -> "pixels")).isEqualTo("pixels");
        assertThatThrownBy(() -> guard.run("test", 4, LONG, () -> {
            throw new DicomCorruptException("bad codestream");
        })).isInstanceOf(DicomCorruptException.class).hasMessage("bad codestream");
    }

    @Test
    void shouldReturnARefusalWhileADecodeThatOverranItsDeadlineRunsOn() throws Exception {
        NativeDeadline guard = new NativeDeadline(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);

        // Given a decode that does not end before it is released
        assertThatThrownBy(() -> guard.run("CharLS", 4096, SHORT, () -> {
            awaitQuietly(release);
            ended.countDown();
            return "late";
        })).isInstanceOf(DicomCorruptException.class).hasMessageContaining("CharLS took longer than 50 ms")
                .hasMessageContaining("4096 pixels");
        // Then the caller is back while the decode still holds the only slot, and the next one is refused
        assertThat(ended.getCount()).isEqualTo(1);
        assertThatThrownBy(() -> guard.run("CharLS", 4096, SHORT, () -> "next"))
                .isInstanceOf(DicomCorruptException.class).hasMessageContaining("all 1 native decode slots are held");

        // When the overrunning decode ends, its slot serves the next decode
        release.countDown();
        assertThat(ended.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(guard.run("CharLS", 4096, LONG, () -> "next")).isEqualTo("next");
    }

    @Test
    void shouldGrowTheDeadlineWithThePixels() {
        assertThat(NativeDeadline.deadlineNanos(0)).isEqualTo(NativeDeadline.BASE_NANOS);
        assertThat(NativeDeadline.deadlineNanos(40L << 20)).isEqualTo(NativeDeadline.BASE_NANOS
                + NativeDeadline.NANOS_PER_PIXEL * (40L << 20));
    }

    /** Waits as native code does: deaf to interrupts (the interrupt is kept for after). */
    private static void awaitQuietly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
