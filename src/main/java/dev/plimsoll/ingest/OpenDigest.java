package dev.plimsoll.ingest;

import dev.plimsoll.ingest.Intervals.Observation;
import dev.plimsoll.wire.ResultStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;

/**
 * The digest of what a scan reports of each asset, compared with {@code asset_seen.open_digest}
 * (V22): where they are equal, the asset's open intervals are exactly the reported pairs with the
 * reported statuses, all following the asset's sighting, so the scan changes nothing of them. An
 * asset's digest is the SHA-256 of its pairs as sorted {@code control NUL status LF} lines, cut to 16
 * bytes and written in hex; control ids hold no control characters (the validator refuses them).
 */
public final class OpenDigest {

    private static final Comparator<Observation> BY_CONTROL =
            Comparator.comparing(o -> o.pair().control());

    private OpenDigest() {}

    /** The digest of each of {@code assets} that the observations name, from its observations. */
    static Map<UUID, String> of(Collection<Observation> observations, Set<UUID> assets) {
        Map<UUID, List<Observation>> byAsset = new HashMap<>();
        for (Observation observation : observations) {
            UUID asset = observation.pair().asset();
            if (assets.contains(asset)) {
                byAsset.computeIfAbsent(asset, a -> new ArrayList<>()).add(observation);
            }
        }
        MessageDigest sha = sha256();
        StringBuilder lines = new StringBuilder();
        Map<UUID, String> digests = new HashMap<>();
        byAsset.forEach((asset, pairs) -> {
            pairs.sort(BY_CONTROL);
            lines.setLength(0);
            for (Observation observation : pairs) {
                line(lines, observation.pair().control(), observation.status());
            }
            digests.put(asset, digest(sha, lines));
        });
        return digests;
    }

    /** The digest of one asset's open intervals: each control's status, in control order. */
    public static String of(SortedMap<String, ResultStatus> statuses) {
        StringBuilder lines = new StringBuilder();
        statuses.forEach((control, status) -> line(lines, control, status));
        return digest(sha256(), lines);
    }

    private static void line(StringBuilder lines, String control, ResultStatus status) {
        lines.append(control).append('\0').append(status.name()).append('\n');
    }

    private static String digest(MessageDigest sha, StringBuilder lines) {
        return HexFormat.of().formatHex(sha.digest(lines.toString().getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    /** The assets of {@code digests} minus those in {@code except}. */
    static Map<UUID, String> without(Map<UUID, String> digests, Set<UUID> except) {
        Map<UUID, String> kept = new HashMap<>(digests);
        kept.keySet().removeAll(except);
        return kept;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
