package dev.plimsoll.web;

import dev.plimsoll.posture.Page;

/** The {@code ?page=&size=} of pages: unreadable or out-of-range values fall back to the first page and the default size. */
final class Paging {

    private Paging() {}

    static int page(String value) {
        int page = parse(value, 1);
        return page < 1 ? 1 : page;
    }

    static int size(String value) {
        int size = parse(value, Page.DEFAULT_SIZE);
        return size < 1 || size > Page.MAX_SIZE ? Page.DEFAULT_SIZE : size;
    }

    private static int parse(String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
