package dev.plimsoll.ingest;

import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.platform.error.ProblemType;

/**
 * A linear pass over a JSON text before it is parsed, refusing nesting deeper than any document
 * Plimsoll reads needs (a parser that recurses would otherwise overflow its stack).
 */
final class JsonGuard {

    private JsonGuard() {}

    static void checkDepth(String json, int maxDepth) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > maxDepth) {
                    throw new ProblemException(
                            ProblemType.MALFORMED_BODY,
                            "The JSON nests deeper than " + maxDepth + " levels (at character " + i
                                    + "); no scan document needs that.");
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
    }
}
