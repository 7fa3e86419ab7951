package org.medmoe.dicom.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DICOMweb services the service may talk to, and the one place that turns an event's locator
 * into a client. A locator is trusted when, after normalisation, its scheme, host and port equal an
 * endpoint's and its path lies under the endpoint's path (whole segments). Locators with user info,
 * a query, a fragment, a {@code .} or {@code ..} segment (also percent-encoded), an encoded slash or
 * backslash, or a scheme other than http and https match nothing. The client of a trusted locator
 * carries that endpoint's credentials, TLS context, timeouts and caps, and nothing else does.
 * Clients are made once per locator root and reused. Thread-safe.
 */
public final class TrustedEndpoints {
    private final List<DicomWebEndpoint> endpoints;
    private final Map<URI, DicomWebClient> clients = new ConcurrentHashMap<>();

    /** The trusted {@code endpoints} (none: every DICOMweb locator is refused). */
    public TrustedEndpoints(List<DicomWebEndpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    /** The configured endpoints. */
    public List<DicomWebEndpoint> endpoints() {
        return endpoints;
    }

    /**
     * The client for {@code locator}, which carries the credentials of the endpoint it falls under.
     *
     * @throws DicomWebUntrustedException when it falls under none; nothing is sent anywhere
     */
    public DicomWebClient client(String locator) throws DicomWebUntrustedException {
        Optional<URI> root = normalised(locator);
        Optional<DicomWebEndpoint> endpoint = root.flatMap(this::endpointOf);
        if (endpoint.isEmpty()) {
            throw new DicomWebUntrustedException("locator " + scheme(locator), -1, "not under a configured DICOMweb"
                    + " endpoint (dicomweb.endpoints); no request was made (the locator itself is in the event)", null);
        }
        return clients.computeIfAbsent(root.get(), r -> new DicomWebClient(endpoint.get().config().withBaseUrl(r)));
    }

    /** The endpoint {@code locator} falls under, if any. */
    public Optional<DicomWebEndpoint> endpoint(String locator) {
        return normalised(locator).flatMap(this::endpointOf);
    }

    private Optional<DicomWebEndpoint> endpointOf(URI root) {
        for (DicomWebEndpoint e : endpoints) {
            Optional<URI> base = normalised(e.config().baseUrl().toString());
            if (base.isPresent() && sameOrigin(base.get(), root) && under(base.get().getRawPath(), root.getRawPath())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code locator} as scheme, lower-case host, explicit port and a path without a trailing slash;
     * empty when it is not a plain http(s) URL or its path could climb or hide a separator.
     */
    static Optional<URI> normalised(String locator) {
        if (locator == null) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(locator.trim());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getRawUserInfo() != null
                || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.empty();
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("\\") || lower.contains("//")) {
            return Optional.empty();
        }
        for (String segment : lower.split("/")) {
            String decoded = segment.replace("%2e", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return Optional.empty();
            }
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        try {
            return Optional.of(new URI(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port + trimmed));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equals(b.getScheme()) && a.getHost().equals(b.getHost()) && a.getPort() == b.getPort();
    }

    private static boolean under(String basePath, String path) {
        return path.equals(basePath) || path.startsWith(basePath + "/");
    }

    /**
     * Only the locator's scheme: whoever wrote the event chose the rest, host name included, which
     * may carry anything (the event, and so the dead letter's value, holds it whole).
     */
    private static String scheme(String locator) {
        try {
            URI uri = new URI(locator == null ? "" : locator.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return scheme.equals("http") || scheme.equals("https") ? scheme + "://(host not shown)" : "(not an http URL)";
        } catch (URISyntaxException e) {
            return "(unparseable)";
        }
    }
}
