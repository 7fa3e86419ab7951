package org.medmoe.dicom;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one native decode (CharLS, OpenJPEG, TurboJPEG) on a pool thread under a deadline that grows
 * with the frame's pixels, so that a codestream that keeps a decoder busy for seconds (CharLS spends
 * 5 s on some 64 x 64 JPEG-LS frames with hostile preset parameters) cannot hold the calling stream
 * thread: past the deadline the caller gets a {@link DicomCorruptException} at once. Native code
 * cannot be interrupted, so the overrunning decode runs on to its end on its pool thread, holding one
 * of a fixed number of slots; once every slot is held, further decodes wait for one up to their own
 * deadline and are then refused the same way, which bounds the threads and native memory that
 * hostile input can tie up. Thread-safe.
 */
final class NativeDeadline {
    /** Time every frame gets, whatever its size. */
    static final long BASE_NANOS = 2_000_000_000L;
    /** Time per pixel on top: about 20 times what the decoders need on a loaded 2-core machine. */
    static final long NANOS_PER_PIXEL = 250;

    private static final NativeDeadline SHARED = new NativeDeadline(2 * Runtime.getRuntime().availableProcessors());

    private final int slots;
    private final Semaphore free;
    private final ExecutorService pool;

    /** A guard with {@code slots} decodes at most at any one time. */
    NativeDeadline(int slots) {
        this.slots = slots;
        this.free = new Semaphore(slots);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "native-decode-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The guard the decoders share. */
    static NativeDeadline shared() {
        return SHARED;
    }

    /** The deadline of a frame of {@code pixels} pixels. */
    static long deadlineNanos(long pixels) {
        return BASE_NANOS + NANOS_PER_PIXEL * Math.max(0, pixels);
    }

    /** A decode that may throw the reader's typed exceptions. */
    @FunctionalInterface
    interface Decode<T> {
        T run() throws DicomReadException;
    }

    /** Runs {@code decode} of a frame of {@code pixels} pixels by {@code codec} under its deadline. */
    <T> T run(String codec, long pixels, Decode<T> decode) throws DicomReadException {
        return run(codec, pixels, deadlineNanos(pixels), decode);
    }

    /** As {@link #run(String, long, Decode)}, with the deadline given. */
    <T> T run(String codec, long pixels, long deadlineNanos, Decode<T> decode) throws DicomReadException {
        long start = System.nanoTime();
        try {
            if (!free.tryAcquire(deadlineNanos, TimeUnit.NANOSECONDS)) {
                throw new DicomCorruptException(codec + " refused a frame of " + pixels + " pixels: all " + slots
                        + " native decode slots are held by decodes that overran their deadline (hostile input)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DicomCorruptException(codec + ": interrupted while waiting for a native decode slot");
        }
        Future<T> result;
        try {
            result = pool.submit(() -> {
                try {
                    return decode.run();
                } finally {
                    free.release();
                }
            });
        } catch (RejectedExecutionException e) {
            free.release();
            throw new DicomCorruptException(codec + ": the native decode pool refused the frame", e);
        }
        try {
            return result.get(Math.max(0, deadlineNanos - (System.nanoTime() - start)), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new DicomCorruptException(codec + " took longer than " + TimeUnit.NANOSECONDS.toMillis(deadlineNanos)
                    + " ms on a frame of " + pixels + " pixels (the bound is " + TimeUnit.NANOSECONDS.toMillis(BASE_NANOS)
                    + " ms + " + NANOS_PER_PIXEL + " ns a pixel): a hostile or broken codestream");
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new DicomCorruptException(codec + ": interrupted while decoding");
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    private static DicomReadException rethrown(Throwable cause) {
        if (cause instanceof DicomReadException typed) {
            return typed;
        }
        if (cause instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new DicomCorruptException("native decode failed: " + cause, cause);
    }
}
