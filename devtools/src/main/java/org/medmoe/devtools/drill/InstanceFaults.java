package org.medmoe.devtools.drill;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The drill's instance faults and their supervisor, on a thread of its own: while {@code feeding}
 * holds, every {@code killEvery} seconds a random instance among those that have logged an outcome
 * since their last start (when none has, at the next moment one has) is killed with SIGKILL and
 * started again at once; at any time, an instance whose process ended by itself (a planted crash, a failed start, an
 * exit because its Kafka Streams failed) is started again, as a process supervisor would. Each
 * restart's recovery time is the time until the new process logs its first outcome (printed for the
 * first starts too, not counted; nor counted when the registry or the PACS was stopped meanwhile, for
 * then the restart waits on that peer, not on itself). Thread-safe for
 * its figures, read after {@link #stop}.
 */
final class InstanceFaults {
    private static final long TICK_MS = 200;

    private final List<DrillInstance> instances;
    private final double killEvery;
    private final BooleanSupplier feeding;
    private final BooleanSupplier peerStopped;
    private final PrintWriter out;
    private final Thread thread;
    private final Random random = new Random(1);
    private final Map<DrillInstance, Long> awaitingOutcome = new HashMap<>();
    private final Map<DrillInstance, Boolean> restarted = new HashMap<>();
    private final Set<DrillInstance> disturbed = new HashSet<>();
    private final List<Double> failovers = new ArrayList<>();
    private volatile boolean stopping;
    private int kills;
    private int deaths;
    private int halts;

    private InstanceFaults(List<DrillInstance> instances, double killEvery, BooleanSupplier feeding,
            BooleanSupplier peerStopped, PrintWriter out) {
        this.instances = instances;
        this.killEvery = killEvery;
        this.feeding = feeding;
        this.peerStopped = peerStopped;
        this.out = out;
        this.thread = new Thread(this::run, "drill-instance-faults");
        this.thread.setDaemon(true);
    }

    /**
     * Starts killing (every {@code killEvery} seconds while {@code feeding} holds; 0: never) and
     * supervising the {@code instances}, which were just started; a recovery during which
     * {@code peerStopped} held at some moment is not counted.
     */
    static InstanceFaults start(List<DrillInstance> instances, double killEvery, BooleanSupplier feeding,
            BooleanSupplier peerStopped, PrintWriter out) {
        InstanceFaults faults = new InstanceFaults(instances, killEvery, feeding, peerStopped, out);
        long now = System.nanoTime();
        instances.forEach(i -> faults.awaitingOutcome.put(i, now));
        faults.thread.start();
        return faults;
    }

    private void run() {
        long nextKill = killEvery > 0 ? System.nanoTime() + Math.round(killEvery * 1e9) : Long.MAX_VALUE;
        try {
            while (!stopping) {
                Thread.sleep(TICK_MS);
                long now = System.nanoTime();
                if (peerStopped.getAsBoolean()) {
                    disturbed.addAll(awaitingOutcome.keySet());
                }
                if (feeding.getAsBoolean() && now >= nextKill) {
                    // A victim among the instances that are back at work, so that every restart is measured.
                    List<DrillInstance> working = instances.stream().filter(i -> !awaitingOutcome.containsKey(i))
                            .toList();
                    if (!working.isEmpty()) {
                        DrillInstance victim = working.get(random.nextInt(working.size()));
                        victim.kill();
                        restart(victim, "kill -9 instance " + victim.number());
                        kills++;
                        nextKill = now + Math.round(killEvery * 1e9);
                    }
                }
                for (DrillInstance instance : instances) {
                    if (instance.hasExited()) {
                        deaths++;
                        if (instance.exitValue() == PoisonPlant.HALT_CODE) {
                            halts++;
                        }
                        restart(instance, "instance " + instance.number() + " exited by itself with code "
                                + instance.exitValue() + " (log " + instance.log() + ")");
                    }
                }
                measure();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void restart(DrillInstance instance, String what) {
        Long pending = awaitingOutcome.remove(instance);
        if (pending != null) {
            say("instance %d: down again %.1f s after its %s, before an outcome of its own", instance.number(),
                    (System.nanoTime() - pending) / 1e9, restarted.getOrDefault(instance, false) ? "restart" : "start");
        }
        instance.start();
        disturbed.remove(instance);
        awaitingOutcome.put(instance, System.nanoTime());
        restarted.put(instance, true);
        say("%s: restarted", what);
    }

    /** Records the recovery time of each restarted instance that has logged its first outcome. */
    private void measure() {
        var pending = awaitingOutcome.entrySet().iterator();
        while (pending.hasNext()) {
            var e = pending.next();
            if (e.getKey().hasProcessed()) {
                double seconds = (System.nanoTime() - e.getValue()) / 1e9;
                boolean failover = restarted.getOrDefault(e.getKey(), false);
                boolean counted = failover && !disturbed.remove(e.getKey());
                if (counted) {
                    synchronized (failovers) {
                        failovers.add(seconds);
                    }
                }
                say("instance %d: first outcome %.1f s after its %s%s", e.getKey().number(), seconds,
                        failover ? "restart" : "start", failover && !counted
                                ? " (the registry or the PACS was stopped meanwhile: not counted)" : "");
                pending.remove();
            }
        }
    }

    private void say(String format, Object... args) {
        out.printf(format + "%n", args);
        out.flush();
    }

    /** Stops killing and supervising; waits for the thread. */
    void stop() throws InterruptedException {
        stopping = true;
        thread.join();
        awaitingOutcome.forEach((instance, since) -> say("instance %d: no outcome of its own in the %.1f s after"
                + " its %s (none left to process)", instance.number(), (System.nanoTime() - since) / 1e9,
                restarted.getOrDefault(instance, false) ? "restart" : "start"));
    }

    /** Instance kills so far; read after {@link #stop}. */
    int kills() {
        return kills;
    }

    /** Instance processes that ended by themselves; read after {@link #stop}. */
    int deaths() {
        return deaths;
    }

    /** Instance processes that the planted halting revision took down; read after {@link #stop}. */
    int halts() {
        return halts;
    }

    /** The recovery times measured. */
    List<Double> failovers() {
        synchronized (failovers) {
            return List.copyOf(failovers);
        }
    }
}
