package dev.plimsoll.wire;

import java.util.Map;
import java.util.Objects;

/**
 * The machine a scan ran on. {@code id} identifies it within a tenant (the collector uses
 * {@code /etc/machine-id}); the other fields describe it and may be absent.
 */
public record ScanHost(String id, String hostname, String os, String dockerVersion, Map<String, String> labels) {

    public ScanHost {
        Objects.requireNonNull(id, "id");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
