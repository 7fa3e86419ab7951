package org.medmoe.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Which registry failures may pass if the same call is made later (start-up waits on those). */
class RegistryExceptionTest {
    @Test
    void shouldCallNoAnswerAndNotNowTransientButNotARefusalOrAFailedHandshake() {
        assertThat(failure(RegistryException.NO_RESPONSE, new HttpTimeoutException("request timed out")).isTransient())
                .isTrue();
        assertThat(failure(RegistryException.NO_RESPONSE, new IOException("connection refused")).isTransient()).isTrue();
        assertThat(failure(503, null).isTransient()).isTrue();
        assertThat(failure(429, null).isTransient()).isTrue();

        assertThat(failure(RegistryException.NO_RESPONSE, new SSLHandshakeException("untrusted")).isTransient())
                .isFalse();
        assertThat(failure(RegistryException.NO_RESPONSE, new InterruptedException()).isTransient()).isFalse();
        assertThat(failure(401, null).isTransient()).isFalse();
        assertThat(failure(409, null).isTransient()).isFalse();
        assertThat(failure(422, null).isTransient()).isFalse();
    }

    private static RegistryException failure(int status, Throwable cause) {
        return new RegistryException("register failed", status, 0, "http://127.0.0.1:9", "register", "s-value", cause);
    }
}
