package dev.plimsoll.wire.json;

/**
 * JSON that is malformed or not shaped as expected, with the place it went wrong as an RFC 6901
 * pointer ({@code ""} is the whole document).
 */
public class JsonShapeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String detail;
    private final String pointer;

    public JsonShapeException(String detail, String pointer) {
        super(pointer.isEmpty() ? detail : detail + " (at " + pointer + ")");
        this.detail = detail;
        this.pointer = pointer;
    }

    /** What is wrong, for a person. */
    public String detail() {
        return detail;
    }

    /** Where it is wrong. */
    public String pointer() {
        return pointer;
    }
}
