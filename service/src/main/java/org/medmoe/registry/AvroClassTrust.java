package org.medmoe.registry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.util.ClassSecurityValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Avro (1.12.1 and later) refuses to instantiate classes named by a schema unless they are
 * trusted. A deserializer that is given a generated reader class trusts that class's package (the
 * package the build generated the records into), added once to Avro's global validator, on top of
 * whatever the application already trusts (e.g. via {@code org.apache.avro.SERIALIZABLE_PACKAGES}).
 */
final class AvroClassTrust {
    private static final Logger LOG = LoggerFactory.getLogger(AvroClassTrust.class);
    private static final Set<String> PACKAGES = ConcurrentHashMap.newKeySet();
    private static boolean installed;

    private AvroClassTrust() {
    }

    /** Trusts the package of the generated class {@code type} for Avro's class loading. */
    static synchronized void trustPackageOf(Class<?> type) {
        String pkg = type.getPackageName();
        if (!PACKAGES.add(pkg)) {
            return;
        }
        if (!installed) {
            ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous,
                    c -> PACKAGES.contains(c.getPackageName())));
            installed = true;
        }
        LOG.debug("Avro may instantiate generated records of package {}", pkg);
    }
}
