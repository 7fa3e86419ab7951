package org.medmoe.devtools.drill;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An outage of one of the drill's peers (the schema registry, the PACS), on a thread of its own while
 * studies flow: after {@code afterSeconds} the peer's process is stopped with SIGSTOP (it holds its
 * connections, accepts new ones into its backlog and answers nothing, as a hung server would; what it
 * holds in memory survives), and {@code downSeconds} later it is continued with SIGCONT. It prints how
 * long the peer then took to answer {@code probe} again. Thread-safe.
 */
final class ProcessPause {
    private final Thread thread;
    private volatile boolean happened;
    private volatile boolean stopped;

    private ProcessPause(String name, Runnable body) {
        this.thread = new Thread(body, "drill-pause-" + name);
        this.thread.setDaemon(true);
    }

    /**
     * Starts the outage of {@code name}, process {@code pid}, whose {@code probe} answers 200 when it
     * is up.
     */
    static ProcessPause start(String name, long pid, URI probe, double afterSeconds, double downSeconds,
            PrintWriter out) {
        ProcessPause[] self = new ProcessPause[1];
        self[0] = new ProcessPause(name, () -> self[0].run(name, pid, probe, afterSeconds, downSeconds, out));
        self[0].thread.start();
        return self[0];
    }

    private void run(String name, long pid, URI probe, double afterSeconds, double downSeconds, PrintWriter out) {
        try {
            Thread.sleep(Math.round(afterSeconds * 1000));
            stopped = true;
            signal("STOP", pid);
            happened = true;
            out.printf("%s: stopped (SIGSTOP) for %.0f s%n", name, downSeconds);
            out.flush();
            Thread.sleep(Math.round(downSeconds * 1000));
            long continued = System.nanoTime();
            signal("CONT", pid);
            boolean answers = answers(probe, Duration.ofSeconds(60));
            stopped = false;
            out.printf(answers ? "%s: continued (SIGCONT) after %.0f s, answering after %.1f s%n"
                    : "%s: continued (SIGCONT) after %.0f s, not answering after %.1f s%n", name, downSeconds,
                    (System.nanoTime() - continued) / 1e9);
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            stopped = false;
            out.printf("%s: the outage could not be made: %s%n", name, e.getMessage());
            out.flush();
        }
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + pid + " exited with code " + kill.exitValue());
        }
    }

    private static boolean answers(URI probe, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not answering yet
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** True from just before the SIGSTOP until the peer answers again after the SIGCONT. */
    boolean isStopped() {
        return stopped;
    }

    /** Waits for the outage to have run its course; true when it happened. */
    boolean await() throws InterruptedException {
        thread.join();
        return happened;
    }
}
