package dev.plimsoll.platform.error;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.List;

/** RFC 6901 JSON pointers for error answers. */
public final class JsonPointers {

    private JsonPointers() {}

    public static String of(List<JsonMappingException.Reference> path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            pointer.append('/');
            if (reference.getFieldName() != null) {
                pointer.append(escape(reference.getFieldName()));
            } else if (reference.getIndex() >= 0) {
                pointer.append(reference.getIndex());
            } else {
                pointer.append('-');
            }
        }
        return pointer.toString();
    }

    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
