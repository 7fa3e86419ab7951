package org.medmoe.devtools.drill;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.medmoe.devtools.embedded.EmbeddedOrthanc;

/**
 * The drill's PACS: a real Orthanc with its DICOMweb plugin (a child process, so that the drill can
 * stop it), holding every file of the drill's studies, and a {@link SlowLink} in front of it for the
 * revisions planted on a slow PACS. Closing it kills Orthanc and the link.
 */
final class DrillPacs implements AutoCloseable {
    private final EmbeddedOrthanc orthanc;
    private final SlowLink slow;

    private DrillPacs(EmbeddedOrthanc orthanc, SlowLink slow) {
        this.orthanc = orthanc;
        this.slow = slow;
    }

    /**
     * Starts Orthanc, stores every DICOM file under {@code studies} into it, and opens the slow link,
     * whose body bytes come {@code slowGapMillis} apart.
     */
    static DrillPacs start(Path studies, long slowGapMillis, PrintStream progress) {
        long t0 = System.nanoTime();
        EmbeddedOrthanc orthanc = EmbeddedOrthanc.start();
        try {
            int stored = store(orthanc, studies);
            SlowLink slow = SlowLink.start(orthanc.restUrl().getPort(), slowGapMillis);
            progress.printf("pacs: Orthanc at %s holding %d files, ready in %.1f s; slow link at %s%n",
                    orthanc.dicomWebUrl(), stored, (System.nanoTime() - t0) / 1e9, slowUrl(slow));
            return new DrillPacs(orthanc, slow);
        } catch (IOException | RuntimeException e) {
            orthanc.close();
            throw new IllegalStateException("the drill's PACS did not start: " + e.getMessage(), e);
        }
    }

    private static int store(EmbeddedOrthanc orthanc, Path studies) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(studies)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> stored = new ArrayList<>();
            for (Path f : files) {
                stored.add(pool.submit(() -> {
                    try {
                        return orthanc.upload(f);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
            for (Future<?> s : stored) {
                s.get();
            }
            return files.size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while storing the drill's studies", e);
        } catch (ExecutionException e) {
            throw new IOException("storing the drill's studies failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Orthanc's DICOMweb root. */
    URI url() {
        return orthanc.dicomWebUrl();
    }

    /** The same root through the slow link. */
    URI slowUrl() {
        return slowUrl(slow);
    }

    private static URI slowUrl(SlowLink slow) {
        return URI.create("http://127.0.0.1:" + slow.port() + "/dicom-web");
    }

    /** What answers 200 while Orthanc is up. */
    URI probe() {
        return URI.create(orthanc.restUrl() + "/system");
    }

    /** Orthanc's process id. */
    long pid() {
        return orthanc.pid();
    }

    @Override
    public void close() {
        slow.close();
        orthanc.close();
    }
}
