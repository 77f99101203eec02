package dev.plimsoll.collector.check;

import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.TargetKind;

/** Picks results about one named image or container out of a scan. */
final class HostScanResults {

    private HostScanResults() {}

    static ScanResult forImage(ScanDocument document, String name, String control) {
        return document.results().stream()
                .filter(result -> result.target().kind() == TargetKind.image)
                .filter(result ->
                        name.equals(result.target().name()) && result.control().equals(control))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + control + " result for image " + name));
    }
}
