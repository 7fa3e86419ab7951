package org.medmoe.dicom.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/** How requests authenticate; {@link #toString()} never shows a secret. */
public sealed interface DicomWebAuth {

    /** The Authorization header value, or null for none. */
    String header();

    /** Every form of the credential that could be echoed back (header value, password, token), for masking. */
    default List<String> secrets() {
        String header = header();
        return header == null ? List.of() : List.of(header, header.substring(header.indexOf(' ') + 1));
    }

    /** No authentication. */
    static DicomWebAuth none() {
        return new None();
    }

    /** No authentication. */
    record None() implements DicomWebAuth {
        @Override
        public String header() {
            return null;
        }
    }

    /** HTTP basic authentication. */
    record Basic(String user, String password) implements DicomWebAuth {
        /** Checks the values. */
        public Basic {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String header() {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public List<String> secrets() {
            return List.of(header(), header().substring("Basic ".length()), password);
        }

        @Override
        public String toString() {
            return "Basic[user=" + user + ", password=***]";
        }
    }

    /** A bearer token (OAuth 2 access token or similar). */
    record Bearer(String token) implements DicomWebAuth {
        /** Checks the value. */
        public Bearer {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String header() {
            return "Bearer " + token;
        }

        @Override
        public String toString() {
            return "Bearer[***]";
        }
    }
}
