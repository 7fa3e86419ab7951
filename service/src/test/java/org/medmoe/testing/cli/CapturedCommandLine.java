package org.medmoe.testing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * A command line run in-process with its standard output and error captured, for the command-line
 * tests of both modules: each {@link #run} builds a fresh command line from the factory; the
 * captured text accumulates until cleared.
 */
public final class CapturedCommandLine {
    private final Supplier<CommandLine> factory;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs the command lines {@code factory} builds (e.g. {@code Main::commandLine}). */
    public CapturedCommandLine(Supplier<CommandLine> factory) {
        this.factory = factory;
    }

    /** Runs {@code args}; the exit code. */
    public int run(String... args) {
        CommandLine cli = factory.get();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    /** What was printed to standard output. */
    public String out() {
        return out.toString();
    }

    /** What was printed to standard error. */
    public String err() {
        return err.toString();
    }

    /** Forgets the standard output captured so far. */
    public void clearOut() {
        out.getBuffer().setLength(0);
    }

    /** Forgets the standard error captured so far. */
    public void clearErr() {
        err.getBuffer().setLength(0);
    }

    /** Standard error's one line, asserted to be one line with no stack trace in it. */
    public String oneErrorLine() {
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).as("standard error: %s", err).hasSize(1);
        assertThat(lines.get(0)).doesNotContain("Exception").doesNotContain("\tat ");
        return lines.get(0);
    }
}
