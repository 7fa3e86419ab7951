package org.medmoe.devtools.drill;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The drill's schema registry outage, on a thread of its own while studies flow: after
 * {@code afterSeconds} the registry process is stopped with SIGSTOP (it holds its connections and
 * answers nothing, as a hung registry would; its in-memory schemas survive), and {@code downSeconds}
 * later it is continued with SIGCONT. It prints how long the registry then took to answer again.
 */
final class RegistryFault {
    private final Thread thread;
    private volatile boolean happened;

    private RegistryFault(Runnable body) {
        this.thread = new Thread(body, "drill-registry-fault");
        this.thread.setDaemon(true);
    }

    static RegistryFault start(long pid, String url, double afterSeconds, double downSeconds, PrintWriter out) {
        RegistryFault[] self = new RegistryFault[1];
        self[0] = new RegistryFault(() -> self[0].run(pid, url, afterSeconds, downSeconds, out));
        self[0].thread.start();
        return self[0];
    }

    private void run(long pid, String url, double afterSeconds, double downSeconds, PrintWriter out) {
        try {
            Thread.sleep(Math.round(afterSeconds * 1000));
            signal("STOP", pid);
            happened = true;
            out.printf("schema registry: stopped (SIGSTOP) for %.0f s%n", downSeconds);
            out.flush();
            Thread.sleep(Math.round(downSeconds * 1000));
            long continued = System.nanoTime();
            signal("CONT", pid);
            boolean answers = answers(url, Duration.ofSeconds(60));
            out.printf(answers ? "schema registry: continued (SIGCONT) after %.0f s, answering after %.1f s%n"
                    : "schema registry: continued (SIGCONT) after %.0f s, not answering after %.1f s%n", downSeconds,
                    (System.nanoTime() - continued) / 1e9);
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            out.printf("schema registry: the outage could not be made: %s%n", e.getMessage());
            out.flush();
        }
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + pid + " exited with code " + kill.exitValue());
        }
    }

    private static boolean answers(String url, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url + "/subjects")).timeout(Duration.ofSeconds(2)).GET()
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not answering yet
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Waits for the outage to have run its course; true when it happened. */
    boolean await() throws InterruptedException {
        thread.join();
        return happened;
    }
}
