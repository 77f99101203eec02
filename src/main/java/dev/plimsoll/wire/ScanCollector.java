package dev.plimsoll.wire;

import java.util.Objects;

/** The program that produced a scan document: the collector itself, or the tool an import came from. */
public record ScanCollector(String name, String version) {

    public ScanCollector {
        Objects.requireNonNull(name, "name");
    }
}
