package dev.plimsoll.wire.imports;

import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.json.JsonShapeException;
import dev.plimsoll.wire.json.Node;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Converts other tools' output to the native scan document: the one conversion both the
 * collector's {@code import} command and the backend's {@code /api/v1/imports/{format}} use.
 *
 * <table>
 * <caption>Formats</caption>
 * <tr><th>format</th><th>input</th><th>benchmark</th></tr>
 * <tr><td>{@code docker-bench}</td><td>docker-bench-security's {@code log.json}</td><td>cis-docker, by its version</td></tr>
 * <tr><td>{@code trivy}</td><td>Trivy JSON: image/filesystem reports, compliance reports</td><td>cis-docker 1.6.0, or the compliance spec</td></tr>
 * <tr><td>{@code kube-bench}</td><td>kube-bench {@code --json}</td><td>cis-kubernetes</td></tr>
 * <tr><td>{@code hdf}</td><td>InSpec / Heimdall Data Format JSON</td><td>the profile</td></tr>
 * </table>
 */
public final class Importers {

    private static final Map<String, Importer> IMPORTERS = new LinkedHashMap<>();

    static {
        IMPORTERS.put("docker-bench", new DockerBenchImporter());
        IMPORTERS.put("trivy", new TrivyImporter());
        IMPORTERS.put("kube-bench", new KubeBenchImporter());
        IMPORTERS.put("hdf", new HdfImporter());
    }

    private Importers() {}

    /** The format names {@link #convert} accepts. */
    public static Set<String> formats() {
        return IMPORTERS.keySet();
    }

    /**
     * Reads one tool's output to the end and converts it.
     *
     * @param format one of {@link #formats()}
     * @throws IllegalArgumentException for an unknown format
     * @throws ImportException for input that cannot be converted, naming where it broke
     */
    public static ScanDocument convert(String format, InputStream in, ImportContext context) {
        Importer importer = IMPORTERS.get(format);
        if (importer == null) {
            throw new IllegalArgumentException(
                    "unknown import format \"" + format + "\": use one of " + String.join(", ", formats()));
        }
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String scanId = context.scanId() != null ? context.scanId() : derivedScanId(format, context, bytes);
        try {
            Node root = Node.parse(new String(bytes, StandardCharsets.UTF_8));
            return importer.convert(root, context, scanId);
        } catch (JsonShapeException e) {
            throw new ImportException(e.detail(), e.pointer(), e);
        }
    }

    /** The same output, for the same host, always gets the same scan id: importing it twice stores it once. */
    private static String derivedScanId(String format, ImportContext context, byte[] bytes) {
        byte[] prefix = (format + "\n" + (context.host() == null ? "" : context.host()) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] name = new byte[prefix.length + bytes.length];
        System.arraycopy(prefix, 0, name, 0, prefix.length);
        System.arraycopy(bytes, 0, name, prefix.length, bytes.length);
        return UUID.nameUUIDFromBytes(name).toString();
    }
}
