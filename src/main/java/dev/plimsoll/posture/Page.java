package dev.plimsoll.posture;

import java.util.List;

/** One page of a longer list, numbered from 1. */
public record Page<T>(List<T> items, long total, int page, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;

    public long pages() {
        return Math.max(1, (total + size - 1) / size);
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return page < pages();
    }

    /** Cuts one page out of a list already in memory. */
    public static <T> Page<T> of(List<T> all, int page, int size) {
        int from = Math.min(all.size(), (page - 1) * size);
        int to = Math.min(all.size(), from + size);
        return new Page<>(List.copyOf(all.subList(from, to)), all.size(), page, size);
    }
}
