package org.medmoe.dicom.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an {@link InputStream} whose reads wait at most a read (idle) timeout for
 * the next bytes. The HTTP client's request timeout ends when the headers arrive; this bounds
 * every wait after that, so a server that sends headers and then stalls the body cannot hold the
 * reading thread: the read throws {@link BodyStalledException} and the exchange is cancelled
 * (its connection closed).
 *
 * <p>Like the client's own {@code ofInputStream}, it holds at most two lists of buffers ahead of
 * the reader. The stream is for one reading thread; closing it cancels the exchange.
 */
final class IdleTimeoutBody implements HttpResponse.BodySubscriber<InputStream> {

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    private final Duration idle;
    private final Stream stream = new Stream();

    private IdleTimeoutBody(Duration idle) {
        this.idle = idle;
    }

    /** A body handler whose bodies time out after {@code idle} without data. */
    static HttpResponse.BodyHandler<InputStream> handler(Duration idle) {
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("read timeout must be positive, was " + idle);
        }
        return info -> new IdleTimeoutBody(idle);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedStage(stream);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (!subscription.complete(s)) {
            s.cancel();
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable error) {
        queue.add(error);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    private void cancel() {
        subscription.thenAccept(Flow.Subscription::cancel);
    }

    /** The stream handed to the reader. */
    private final class Stream extends InputStream {
        private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
        private ByteBuffer current;
        private long received;
        private boolean ended;
        private boolean closed;
        private IOException failure;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (closed) {
                throw new IOException("body stream closed");
            }
            if (failure != null) {
                throw failure;
            }
            if (len == 0) {
                return 0;
            }
            while (current == null || !current.hasRemaining()) {
                if (buffers.hasNext()) {
                    current = buffers.next();
                    continue;
                }
                if (ended || !take()) {
                    return -1;
                }
            }
            int n = Math.min(len, current.remaining());
            current.get(b, off, n);
            received += n;
            return n;
        }

        /** Waits for the next list of buffers; false at the end of the body. */
        @SuppressWarnings("unchecked")
        private boolean take() throws IOException {
            Object next;
            try {
                next = queue.poll(idle.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                throw new InterruptedIOException("interrupted while reading the response body");
            }
            if (next == null) {
                ended = true;
                cancel();
                failure = new BodyStalledException(idle, received);
                throw failure;
            }
            if (next == END) {
                ended = true;
                return false;
            }
            if (next instanceof Throwable error) {
                ended = true;
                failure = error instanceof IOException io ? io : new IOException(error);
                throw failure;
            }
            buffers = ((List<ByteBuffer>) next).iterator();
            subscription.thenAccept(s -> s.request(1));
            return true;
        }

        @Override
        public int available() {
            return current == null ? 0 : current.remaining();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                if (!ended) {
                    cancel();
                }
            }
        }
    }
}
