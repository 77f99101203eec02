package dev.plimsoll.wire.imports;

/**
 * Another tool's output could not be converted. {@link #detail()} says what is wrong for a person;
 * {@link #location()} is the RFC 6901 JSON pointer of the place in the input where it broke
 * ({@code ""} when it concerns the whole input or something the caller must supply).
 */
public class ImportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String detail;
    private final String location;

    public ImportException(String detail, String location) {
        this(detail, location, null);
    }

    public ImportException(String detail, String location, Throwable cause) {
        super(location.isEmpty() ? detail : detail + " (at " + location + ")", cause);
        this.detail = detail;
        this.location = location;
    }

    public String detail() {
        return detail;
    }

    public String location() {
        return location;
    }
}
