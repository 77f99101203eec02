package dev.plimsoll.wire;

import java.util.Objects;

/**
 * The asset a result concerns. A host target has only its kind (the host is the document's);
 * a container target names the container and its image; an image target names the image.
 */
public record ScanTarget(TargetKind kind, String id, String name, String image, String imageId) {

    private static final ScanTarget HOST = new ScanTarget(TargetKind.host, null, null, null, null);

    public ScanTarget {
        Objects.requireNonNull(kind, "kind");
    }

    /** The document's own host. */
    public static ScanTarget host() {
        return HOST;
    }

    public static ScanTarget container(String id, String name, String image, String imageId) {
        return new ScanTarget(TargetKind.container, id, name, image, imageId);
    }

    public static ScanTarget image(String id, String name) {
        return new ScanTarget(TargetKind.image, id, name, null, id);
    }
}
