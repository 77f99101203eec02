package dev.plimsoll.collector.testing;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Engine API documents of one host, editable before a {@link FakeDockerDaemon} serves them.
 * {@link #hardened()} starts from a host whose daemon, image and container meet the benchmark.
 */
public final class DockerScenario {

    public final JsonObject version = Fixtures.docker("version_27.json");
    public final JsonObject info = Fixtures.docker("info_hardened.json");
    public final JsonArray runningContainers = Json.array();
    public final JsonArray stoppedContainers = Json.array();
    public final JsonArray images = Json.array();
    public final JsonArray networks =
            Json.parse(Fixtures.dockerText("networks_hardened.json")).asArray();
    public final Map<String, JsonObject> containerInspections = new LinkedHashMap<>();
    public final Map<String, JsonObject> tops = new LinkedHashMap<>();
    public final Map<String, JsonObject> imageInspections = new LinkedHashMap<>();
    public final Map<String, JsonArray> histories = new LinkedHashMap<>();
    public final Map<String, JsonObject> execs = new LinkedHashMap<>();
    public JsonObject swarm;
    public JsonArray swarmNodes;
    public JsonArray swarmSecrets;

    private DockerScenario() {}

    public static DockerScenario hardened() {
        DockerScenario scenario = new DockerScenario();
        JsonObject image = Fixtures.docker("image_hardened.json");
        scenario.addImage(
                image,
                Json.parse(Fixtures.dockerText("image_history_hardened.json")).asArray());
        scenario.addContainer(
                Json.parse(Fixtures.dockerText("containers_hardened.json"))
                        .asArray()
                        .get(0)
                        .asObject(),
                Fixtures.docker("container_hardened.json"),
                Fixtures.docker("top_web.json"));
        return scenario;
    }

    public String containerId() {
        return containerInspections.keySet().iterator().next();
    }

    public JsonObject container() {
        return containerInspections.values().iterator().next();
    }

    public JsonObject image() {
        return imageInspections.values().iterator().next();
    }

    public JsonArray history() {
        return histories.values().iterator().next();
    }

    public void addImage(JsonObject inspect, JsonArray history) {
        String id = inspect.get("Id").asString();
        imageInspections.put(id, inspect);
        histories.put(id, history);
        images.add(Json.object()
                .add("Id", id)
                .add("RepoTags", inspect.get("RepoTags"))
                .add("RepoDigests", inspect.get("RepoDigests"))
                .add("Containers", -1)
                .add("Created", 1733011200)
                .add("Size", 192004242));
    }

    public void addContainer(JsonObject summary, JsonObject inspect, JsonObject top) {
        String id = inspect.get("Id").asString();
        runningContainers.add(summary);
        containerInspections.put(id, inspect);
        tops.put(id, top);
    }

    /** Copies of the first container under new ids and names: a busy host for measurements. */
    public void cloneContainer(int copies) {
        JsonObject summary = runningContainers.get(0).asObject();
        JsonObject inspect = container();
        JsonObject top = tops.values().iterator().next();
        for (int i = 1; i <= copies; i++) {
            String id = String.format("%064x", i);
            String name = "/web-" + i;
            JsonObject summaryCopy = Json.parse(summary.toString()).asObject();
            summaryCopy.set("Id", id).set("Names", Json.array(name));
            JsonObject inspectCopy = Json.parse(inspect.toString()).asObject();
            inspectCopy.set("Id", id).set("Name", name);
            addContainer(summaryCopy, inspectCopy, top);
        }
    }

    /** Copies of the first image under new ids and tags. */
    public void cloneImage(int copies) {
        JsonObject inspect = image();
        JsonArray history = history();
        for (int i = 1; i <= copies; i++) {
            String id = "sha256:" + String.format("%064x", 1000 + i);
            JsonObject copy = Json.parse(inspect.toString()).asObject();
            copy.set("Id", id).set("RepoTags", Json.array("app-" + i + ":1.0")).set("RepoDigests", Json.array());
            addImage(copy, history);
        }
    }

    public FakeDockerDaemon install(FakeDockerDaemon daemon) {
        daemon.serve("/version", version.toString())
                .serve("/info", info.toString())
                .serve("/containers/json", runningContainers.toString())
                .serve("/images/json", images.toString())
                .serve("/networks", networks.toString());
        JsonArray all = Json.array();
        runningContainers.forEach(all::add);
        stoppedContainers.forEach(all::add);
        daemon.serve("/containers/json?all=1", all.toString());
        containerInspections.forEach((id, inspect) -> daemon.serve("/containers/" + id + "/json", inspect.toString()));
        tops.forEach((id, top) -> daemon.serve("/containers/" + id + "/top", top.toString()));
        imageInspections.forEach((id, inspect) -> daemon.serve("/images/" + id + "/json", inspect.toString()));
        histories.forEach((id, history) -> daemon.serve("/images/" + id + "/history", history.toString()));
        execs.forEach((id, exec) -> daemon.serve("/exec/" + id + "/json", exec.toString()));
        serveOrRefuse(daemon, "/swarm", swarm);
        serveOrRefuse(daemon, "/nodes", swarmNodes);
        serveOrRefuse(daemon, "/secrets", swarmSecrets);
        return daemon;
    }

    private static void serveOrRefuse(FakeDockerDaemon daemon, String path, JsonValue document) {
        if (document == null) {
            daemon.serve(path, 503, "{\"message\":\"This node is not a swarm manager.\"}");
        } else {
            daemon.serve(path, document.toString());
        }
    }
}
