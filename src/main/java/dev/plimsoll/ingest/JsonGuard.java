package dev.plimsoll.ingest;

import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.platform.error.ProblemType;
import java.util.function.IntUnaryOperator;

/**
 * A linear pass over a JSON text before it is parsed, refusing nesting deeper than any document
 * Plimsoll reads needs (a parser that recurses would otherwise overflow its stack).
 */
final class JsonGuard {

    private JsonGuard() {}

    static void checkDepth(String json, int maxDepth) {
        checkDepth(json.length(), json::charAt, maxDepth, "character");
    }

    /**
     * The same over UTF-8 bytes, without decoding them first: every character the pass looks at is
     * ASCII, and no byte of a multi-byte UTF-8 sequence is.
     */
    static void checkDepth(byte[] json, int maxDepth) {
        checkDepth(json.length, i -> json[i], maxDepth, "byte");
    }

    private static void checkDepth(int length, IntUnaryOperator at, int maxDepth, String unit) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < length; i++) {
            int c = at.applyAsInt(i);
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
                            "The JSON nests deeper than " + maxDepth + " levels (at " + unit + " " + i
                                    + "); no scan document needs that.");
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
    }
}
