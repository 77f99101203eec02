package dev.plimsoll.remediation;

import dev.plimsoll.platform.error.ProblemException;

/** {@code ?page=} (from 0) and {@code ?size=} (1–500, default 50) of a list request. */
public record Paging(int page, int size) {

    public static Paging of(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? 50 : size;
        if (p < 0) {
            throw ProblemException.invalidField("?page", "page starts at 0.");
        }
        if (s < 1 || s > 500) {
            throw ProblemException.invalidField("?size", "size must be 1 to 500.");
        }
        return new Paging(p, s);
    }
}
