package org.medmoe.app;

/** Versions read from jar manifests. */
public final class Versions {
    private Versions() {
    }

    /** This service's version (from the jar manifest; "dev" when run from classes). */
    public static String service() {
        return ofPackage(Versions.class);
    }

    static String ofPackage(Class<?> type) {
        String v = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
