package org.medmoe.app.cli;

import java.nio.file.Path;

/** Sets {@link ModelLocator#HOME_PROPERTY} for the length of a try block, then restores what was there. */
public final class MedmoeHome implements AutoCloseable {
    private final String previous;

    private MedmoeHome(Path home) {
        previous = System.getProperty(ModelLocator.HOME_PROPERTY);
        System.setProperty(ModelLocator.HOME_PROPERTY, home.toString());
    }

    public static MedmoeHome set(Path home) {
        return new MedmoeHome(home);
    }

    @Override
    public void close() {
        if (previous == null) {
            System.clearProperty(ModelLocator.HOME_PROPERTY);
        } else {
            System.setProperty(ModelLocator.HOME_PROPERTY, previous);
        }
    }
}
