package org.medmoe.app;

import picocli.CommandLine;

/** Entry point of the {@code medmoe} command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = new CommandLine(new MedMoeCommand()).execute(args);
        System.exit(code);
    }
}
