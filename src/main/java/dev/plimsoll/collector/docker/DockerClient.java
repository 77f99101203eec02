package dev.plimsoll.collector.docker;

import dev.plimsoll.wire.json.JsonShapeException;
import dev.plimsoll.wire.json.Node;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Engine API calls the collector needs, read-only, over the daemon's unix socket.
 *
 * <p>{@link #connect} asks {@code /version} first (unversioned) and then pins every call to API
 * {@value #PINNED_API_VERSION}, so field names mean what the checks expect. An older daemon that
 * cannot speak it is used at its own highest version (and a newer one that no longer speaks it at
 * its lowest), which the scan then reports.
 */
public final class DockerClient {

    /** The API version the checks are written against (Docker Engine 25 and later). */
    public static final String PINNED_API_VERSION = "1.44";

    private final UnixSocketHttpClient http;
    private final Node version;
    private final String apiVersion;

    private DockerClient(UnixSocketHttpClient http, Node version, String apiVersion) {
        this.http = http;
        this.version = version;
        this.apiVersion = apiVersion;
    }

    /** Connects, reads {@code /version} and settles the API version. */
    public static DockerClient connect(Path socket, String userAgent) throws DockerException {
        UnixSocketHttpClient http = new UnixSocketHttpClient(socket, userAgent);
        Node version = fetch(http, "/version");
        String newest = version.get("ApiVersion").textOr(PINNED_API_VERSION);
        String oldest = version.get("MinAPIVersion").textOr(PINNED_API_VERSION);
        String apiVersion = PINNED_API_VERSION;
        if (compareVersions(newest, PINNED_API_VERSION) < 0) {
            apiVersion = newest;
        } else if (compareVersions(oldest, PINNED_API_VERSION) > 0) {
            apiVersion = oldest;
        }
        return new DockerClient(http, version, apiVersion);
    }

    /** The {@code GET /version} document. */
    public Node version() {
        return version;
    }

    /** The API version every call uses. */
    public String apiVersion() {
        return apiVersion;
    }

    public Node info() throws DockerException {
        return get("/info");
    }

    /** The running containers ({@code GET /containers/json}). */
    public List<Node> runningContainers() throws DockerException {
        return get("/containers/json").elements();
    }

    /** Every container, running or not, for the sprawl count. */
    public List<Node> allContainers() throws DockerException {
        return get("/containers/json?all=1").elements();
    }

    /** A container; empty when it was removed since it was listed. */
    public Optional<Node> inspectContainer(String id) throws DockerException {
        return getIfPresent("/containers/" + encode(id) + "/json");
    }

    /** The command lines of the container's processes; empty when the daemon will not list them. */
    public Optional<List<String>> processes(String id) throws DockerException {
        Optional<Node> top = getIfPresent("/containers/" + encode(id) + "/top");
        if (top.isEmpty()) {
            return Optional.empty();
        }
        List<String> titles = top.get().get("Titles").strings();
        int command = Math.max(titles.indexOf("CMD"), titles.indexOf("COMMAND"));
        if (command < 0) {
            command = titles.size() - 1;
        }
        List<String> processes = new ArrayList<>();
        for (Node process : top.get().get("Processes").elements()) {
            List<String> columns = process.strings();
            if (command >= 0 && command < columns.size()) {
                processes.add(columns.get(command));
            }
        }
        return Optional.of(processes);
    }

    /** An exec session; empty when the daemon has already forgotten it. */
    public Optional<Node> exec(String id) throws DockerException {
        return getIfPresent("/exec/" + encode(id) + "/json");
    }

    public List<Node> images() throws DockerException {
        return get("/images/json").elements();
    }

    /** An image; empty when it was removed since it was listed. */
    public Optional<Node> inspectImage(String id) throws DockerException {
        return getIfPresent("/images/" + encode(id) + "/json");
    }

    /** An image's layers, newest first; none when it was removed since it was listed. */
    public List<Node> imageHistory(String id) throws DockerException {
        return getIfPresent("/images/" + encode(id) + "/history")
                .map(Node::elements)
                .orElse(List.of());
    }

    public List<Node> networks() throws DockerException {
        return get("/networks").elements();
    }

    /** The swarm, when this node is a manager; empty otherwise. */
    public Optional<Node> swarm() throws DockerException {
        return getIfPresent("/swarm");
    }

    /** The swarm's nodes, when this node is a manager; empty otherwise. */
    public Optional<List<Node>> swarmNodes() throws DockerException {
        return getIfPresent("/nodes").map(Node::elements);
    }

    /** The swarm's secrets, when this node is a manager; empty otherwise. */
    public Optional<List<Node>> swarmSecrets() throws DockerException {
        return getIfPresent("/secrets").map(Node::elements);
    }

    private Node get(String path) throws DockerException {
        return fetch(http, "/v" + apiVersion + path);
    }

    /** A document that may legitimately be missing (404), or refused to a non-manager (503). */
    private Optional<Node> getIfPresent(String path) throws DockerException {
        HttpResponse response = send(http, "/v" + apiVersion + path);
        if (response.status() == 404 || response.status() == 503 || response.status() == 409) {
            return Optional.empty();
        }
        return Optional.of(parse(response, path));
    }

    private static Node fetch(UnixSocketHttpClient http, String path) throws DockerException {
        return parse(send(http, path), path);
    }

    private static HttpResponse send(UnixSocketHttpClient http, String path) throws DockerException {
        try {
            return http.get(path);
        } catch (IOException e) {
            throw new DockerException(
                    "cannot talk to the Docker daemon at " + http.socket() + " (GET " + path + "): " + e.getMessage(),
                    e);
        }
    }

    private static Node parse(HttpResponse response, String path) throws DockerException {
        if (!response.isSuccess()) {
            throw new DockerException(
                    "the Docker daemon answered GET " + path + " with " + response.status() + ": " + message(response));
        }
        try {
            return Node.parse(response.bodyText());
        } catch (JsonShapeException e) {
            throw new DockerException("the Docker daemon answered GET " + path + " with " + e.getMessage(), e);
        }
    }

    private static String message(HttpResponse response) {
        try {
            return Node.parse(response.bodyText()).get("message").textOr(response.bodyText());
        } catch (JsonShapeException notJson) {
            return response.bodyText();
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    /** Compares dotted version numbers numerically ({@code 1.9 < 1.44}). */
    static int compareVersions(String a, String b) {
        String[] left = a.split("\\.");
        String[] right = b.split("\\.");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            int l = i < left.length ? leadingNumber(left[i]) : 0;
            int r = i < right.length ? leadingNumber(right[i]) : 0;
            if (l != r) {
                return Integer.compare(l, r);
            }
        }
        return 0;
    }

    private static int leadingNumber(String part) {
        int end = 0;
        while (end < part.length() && Character.isDigit(part.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(part.substring(0, end));
    }
}
