package org.medmoe.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.medmoe.devtools.embedded.TestRegistry;
import org.medmoe.schema.StudyEvent;

/** {@link HttpSchemaRegistry} against a real registry (the shared embedded Apicurio). */
@Tag("integration")
class HttpSchemaRegistryIntegrationTest {
    private HttpSchemaRegistry client;
    private String subject;

    @BeforeEach
    void connect() {
        client = new HttpSchemaRegistry(RegistryClientConfig.of(TestRegistry.url()));
        subject = "it-" + UUID.randomUUID() + "-value";
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void shouldRegisterLookUpAndFetchASchemaAndAnswerRepeatsFromTheCaches() {
        // Given a schema nobody registered yet
        Schema schema = StudyEvent.getClassSchema();
        assertThat(client.lookup(subject, schema)).isEmpty();

        // When it is registered
        int id = client.register(subject, schema);

        // Then lookup, latest and by-id agree with the registration
        assertThat(client.lookup(subject, schema)).contains(id);
        SchemaRegistry.RegisteredSchema latest = client.latest(subject).orElseThrow();
        assertThat(latest.id()).isEqualTo(id);
        assertThat(latest.version()).isEqualTo(1);
        assertThat(latest.schema()).isEqualTo(schema);
        assertThat(new HttpSchemaRegistry(RegistryClientConfig.of(TestRegistry.url())).schemaById(id))
                .isEqualTo(schema);

        // And repeated calls are answered from the caches without HTTP
        long before = client.httpRequestCount();
        assertThat(client.register(subject, schema)).isEqualTo(id);
        assertThat(client.lookup(subject, schema)).contains(id);
        assertThat(client.schemaById(id)).isEqualTo(schema);
        assertThat(client.httpRequestCount()).isEqualTo(before);
    }

    @Test
    void shouldGiveEveryInstanceTheSameIdWhenSeveralRegisterANewSubjectAtOnce() throws Exception {
        // Given several instances starting together, each with its own client, and subjects nobody registered
        int instances = 6;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            for (int round = 0; round < 8; round++) {
                String fresh = subject + "-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> ids = new ArrayList<>();
                for (int i = 0; i < instances; i++) {
                    ids.add(pool.submit(() -> {
                        try (HttpSchemaRegistry own = new HttpSchemaRegistry(RegistryClientConfig.of(TestRegistry.url()))) {
                            go.await();
                            // When they all register the same schema under it at once
                            return own.register(fresh, StudyEvent.getClassSchema());
                        }
                    }));
                }
                go.countDown();

                // Then none is refused and all get the id the registry keeps
                Set<Integer> distinct = new HashSet<>();
                for (Future<Integer> id : ids) {
                    distinct.add(id.get(60, TimeUnit.SECONDS));
                }
                assertThat(distinct).containsExactly(client.lookup(fresh, StudyEvent.getClassSchema()).orElseThrow());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldAcceptABackwardCompatibleChangeAndRefuseAnIncompatibleOneWithAClearMessage() {
        // Given version 1 of a record under a BACKWARD subject
        client.register(subject, v1());
        client.setCompatibility(subject, CompatibilityLevel.BACKWARD);

        // When a field with a default is added, Then it is compatible and registers as version 2
        Schema compatible = SchemaBuilder.record("Probe").namespace("org.medmoe.test").fields()
                .requiredString("study").optionalString("note").endRecord();
        assertThat(client.isCompatible(subject, compatible)).isTrue();
        client.register(subject, compatible);
        assertThat(client.latest(subject).orElseThrow().version()).isEqualTo(2);

        // When a required field without a default is added, Then it is refused
        Schema incompatible = SchemaBuilder.record("Probe").namespace("org.medmoe.test").fields()
                .requiredString("study").requiredInt("mandatory").endRecord();
        assertThat(client.isCompatible(subject, incompatible)).isFalse();
        RegistryException refused = catchThrowableOfType(RegistryException.class,
                () -> client.register(subject, incompatible));
        assertThat(refused.httpStatus()).isEqualTo(409);
        assertThat(refused.isIncompatible()).isTrue();
        assertThat(refused.getMessage()).contains(TestRegistry.url(), "register", subject, "HTTP 409", "incompatible");
    }

    @Test
    void shouldTreatAnUnknownSubjectAsCompatibleAndAbsent() {
        assertThat(client.isCompatible(subject, v1())).isTrue();
        assertThat(client.latest(subject)).isEmpty();
    }

    @Test
    void shouldFailOnAnUnknownSchemaIdWithNotFound() {
        RegistryException missing = catchThrowableOfType(RegistryException.class,
                () -> client.schemaById(987_654));
        assertThat(missing.isNotFound()).isTrue();
        assertThat(missing.errorCode()).isEqualTo(40403);
        assertThat(missing.getMessage()).contains(TestRegistry.url(), "schemaById(987654)", "HTTP 404");
    }

    private static Schema v1() {
        return SchemaBuilder.record("Probe").namespace("org.medmoe.test").fields().requiredString("study").endRecord();
    }
}
