package org.medmoe.app;

import picocli.CommandLine;

/** Entry point of the {@code medmoe} command line. */
public final class Main {
    private Main() {
    }

    /** Avro 1.12 instantiates only classes of trusted packages; ours are the generated records. */
    static final String AVRO_TRUSTED_PACKAGES = "org.apache.avro.SERIALIZABLE_PACKAGES";

    public static void main(String[] args) {
        trustGeneratedRecords();
        int code = new CommandLine(new MedMoeCommand()).execute(args);
        System.exit(code);
    }

    static void trustGeneratedRecords() {
        String trusted = System.getProperty(AVRO_TRUSTED_PACKAGES, "");
        if (!trusted.contains("org.medmoe.schema")) {
            System.setProperty(AVRO_TRUSTED_PACKAGES, trusted.isEmpty() ? "org.medmoe.schema"
                    : trusted + ",org.medmoe.schema");
        }
    }
}
