package dev.plimsoll.wire.json;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON value together with the pointer where it sits in its document.
 *
 * <p>Two ways to read: lenient ({@link #get}, {@link #textOr}, {@link #elements}, ...) answers
 * defaults for absent or oddly typed values, which is what checks on partial Docker documents
 * need; strict ({@link #required}, {@link #text}, {@link #array}, ...) throws a {@link
 * JsonShapeException} naming the pointer, which is what importers of other tools' output need.
 */
public final class Node {

    private final JsonValue value;
    private final String pointer;

    private Node(JsonValue value, String pointer) {
        this.value = value;
        this.pointer = pointer;
    }

    /** Parses a whole document; malformed JSON throws with the pointer where it broke. */
    public static Node parse(String text) {
        try {
            return new Node(Json.parse(text), "");
        } catch (ParseException malformed) {
            throw BreakLocator.locate(text, malformed);
        }
    }

    /** Parses a whole UTF-8 document from a stream, which it reads to the end. */
    public static Node parse(InputStream in) {
        try {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String pointer() {
        return pointer;
    }

    /** Absent, or JSON {@code null}. */
    public boolean isMissing() {
        return value == null || value.isNull();
    }

    public boolean isPresent() {
        return !isMissing();
    }

    public boolean isObject() {
        return value != null && value.isObject();
    }

    public boolean isArray() {
        return value != null && value.isArray();
    }

    public boolean isString() {
        return value != null && value.isString();
    }

    public boolean isNumber() {
        return value != null && value.isNumber();
    }

    public boolean isBoolean() {
        return value != null && value.isBoolean();
    }

    // ---- lenient reading -------------------------------------------------------------------

    /** The named member, or a missing node when absent or when this is not an object. */
    public Node get(String name) {
        String child = Pointers.child(pointer, name);
        return new Node(isObject() ? value.asObject().get(name) : null, child);
    }

    /** Follows a path of member names, e.g. {@code path("HostConfig", "Privileged")}. */
    public Node path(String... names) {
        Node node = this;
        for (String name : names) {
            node = node.get(name);
        }
        return node;
    }

    /** The elements of an array; none when absent, null or not an array. */
    public List<Node> elements() {
        if (!isArray()) {
            return List.of();
        }
        List<Node> elements = new ArrayList<>();
        int index = 0;
        for (JsonValue element : value.asArray()) {
            elements.add(new Node(element, Pointers.child(pointer, index++)));
        }
        return elements;
    }

    /** The member names of an object, in document order; none when not an object. */
    public List<String> names() {
        return isObject() ? value.asObject().names() : List.of();
    }

    /** The string elements of an array, skipping anything else. */
    public List<String> strings() {
        List<String> strings = new ArrayList<>();
        for (Node element : elements()) {
            if (element.isString()) {
                strings.add(element.value.asString());
            }
        }
        return strings;
    }

    /** A string, or the text of a number or boolean; the default otherwise. */
    public String textOr(String fallback) {
        if (isString()) {
            return value.asString();
        }
        if (isNumber() || isBoolean()) {
            return value.toString();
        }
        return fallback;
    }

    /** A whole number (also from a numeric string); the default otherwise. */
    public long longOr(long fallback) {
        if (isNumber()) {
            try {
                return value.asLong();
            } catch (NumberFormatException notWhole) {
                return (long) value.asDouble();
            }
        }
        if (isString()) {
            try {
                return Long.parseLong(value.asString().trim());
            } catch (NumberFormatException notANumber) {
                return fallback;
            }
        }
        return fallback;
    }

    /** A boolean (also from the strings {@code "true"} and {@code "false"}); the default otherwise. */
    public boolean boolOr(boolean fallback) {
        if (isBoolean()) {
            return value.asBoolean();
        }
        if (isString()) {
            String text = value.asString().trim();
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
        }
        return fallback;
    }

    // ---- strict reading --------------------------------------------------------------------

    /** The named member; throws when this is not an object or the member is absent or null. */
    public Node required(String name) {
        object();
        Node child = get(name);
        if (child.isMissing()) {
            throw new JsonShapeException("required key \"" + name + "\" is missing", child.pointer);
        }
        return child;
    }

    /** This node, which must be an object. */
    public Node object() {
        if (!isObject()) {
            throw new JsonShapeException("expected an object but found " + describe(), pointer);
        }
        return this;
    }

    /** The elements of this node, which must be an array. */
    public List<Node> array() {
        if (!isArray()) {
            throw new JsonShapeException("expected an array but found " + describe(), pointer);
        }
        return elements();
    }

    /** The elements of this node when present, which must then be an array; none when absent. */
    public List<Node> optionalArray() {
        return isMissing() ? List.of() : array();
    }

    /** This node's string, which must be a string. */
    public String text() {
        if (!isString()) {
            throw new JsonShapeException("expected a string but found " + describe(), pointer);
        }
        return value.asString();
    }

    /** This node's string when present, which must then be a string; the default when absent. */
    public String optionalText(String fallback) {
        return isMissing() ? fallback : text();
    }

    /** This node's number, which must be a number. */
    public double number() {
        if (!isNumber()) {
            throw new JsonShapeException("expected a number but found " + describe(), pointer);
        }
        return value.asDouble();
    }

    /** Builds the error for a value that has the right type but a wrong content. */
    public JsonShapeException invalid(String detail) {
        return new JsonShapeException(detail, pointer);
    }

    private String describe() {
        if (value == null) {
            return "nothing";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isString()) {
            return "a string";
        }
        if (value.isNumber()) {
            return "a number";
        }
        return "a boolean";
    }

    @Override
    public String toString() {
        return pointer + "=" + value;
    }
}
