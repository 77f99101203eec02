package dev.plimsoll.collector.testing;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Fixture files from the test classpath, and small edits of the JSON ones. */
public final class Fixtures {

    private Fixtures() {}

    public static String text(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Docker Engine API document from {@code /collector/docker-api/}. */
    public static JsonObject docker(String name) {
        return Json.parse(text("/collector/docker-api/" + name)).asObject();
    }

    public static String dockerText(String name) {
        return text("/collector/docker-api/" + name);
    }

    /** Sets a value at a dotted path ({@code HostConfig.Privileged}), creating objects on the way. */
    public static JsonObject set(JsonObject root, String path, JsonValue value) {
        String[] names = path.split("\\.");
        JsonObject object = root;
        for (int i = 0; i < names.length - 1; i++) {
            JsonValue next = object.get(names[i]);
            if (next == null || !next.isObject()) {
                next = Json.object();
                object.set(names[i], next);
            }
            object = next.asObject();
        }
        object.set(names[names.length - 1], value);
        return root;
    }

    /** Removes the value at a dotted path, if present. */
    public static JsonObject remove(JsonObject root, String path) {
        String[] names = path.split("\\.");
        JsonObject object = root;
        for (int i = 0; i < names.length - 1; i++) {
            JsonValue next = object.get(names[i]);
            if (next == null || !next.isObject()) {
                return root;
            }
            object = next.asObject();
        }
        object.remove(names[names.length - 1]);
        return root;
    }

    public static JsonValue strings(String... values) {
        return Json.array(values);
    }

    public static JsonArray array(JsonValue... values) {
        JsonArray array = Json.array();
        for (JsonValue value : values) {
            array.add(value);
        }
        return array;
    }
}
