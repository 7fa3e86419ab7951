package org.medmoe.app.service;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.medmoe.runtime.OrtRuntime;

/** Versions of the service and of the libraries it runs on, read from their jars. Stateless. */
public final class Versions {
    private Versions() {
    }

    /** This service's version (from the jar manifest; "dev" when run from classes). */
    public static String service() {
        return ofPackage(Versions.class);
    }

    /** The Kafka clients' version (Kafka Streams is released with the same number). */
    public static String kafka() {
        // The clients jar's own record of its version, the file Kafka's AppInfoParser reads.
        try (InputStream in = Admin.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The ONNX Runtime library's version. */
    public static String onnxRuntime() {
        return OrtRuntime.libraryVersion();
    }

    public static String ofPackage(Class<?> type) {
        String v = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
