package dev.plimsoll.wire;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The machine a scan ran on. {@code id} identifies it within a tenant (the collector uses
 * {@code /etc/machine-id}); the other fields describe it and may be absent. Labels are kept in name order, so
 * a document is written, and hashed, the same way in every process.
 */
public record ScanHost(String id, String hostname, String os, String dockerVersion, Map<String, String> labels) {

    public ScanHost {
        Objects.requireNonNull(id, "id");
        labels = labels == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(Map.copyOf(labels)));
    }
}
