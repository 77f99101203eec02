package dev.plimsoll.collector;

/** The collector's name and version, as it reports them in scans and HTTP requests. */
public final class CollectorVersion {

    public static final String NAME = "plimsoll-collector";

    /** Set from the jar's manifest when packaged; the development version otherwise. */
    public static final String VERSION = versionFromManifest();

    public static final String USER_AGENT = NAME + "/" + VERSION;

    private CollectorVersion() {}

    private static String versionFromManifest() {
        String version = CollectorVersion.class.getPackage().getImplementationVersion();
        return version != null ? version : "0.1.0-SNAPSHOT";
    }
}
