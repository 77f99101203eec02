package dev.plimsoll.posture;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The records of the detail pages: a team's failing controls and assets, one asset, one control. */
public final class Details {

    private Details() {}

    /** A control failing on some of a team's assets, with what to do about it. */
    public record FailingControl(
            String benchmark,
            String controlId,
            String section,
            String sectionTitle,
            String title,
            String severity,
            String remediation,
            long failing) {}

    /** An asset with its current counts. */
    public record AssetSummary(
            UUID id, String kind, String name, String image, String host, long passed, long failed, Instant lastScan) {}

    /** One control's state on one asset: since when, with what evidence. */
    public record ControlStatus(
            String benchmark,
            String controlId,
            String title,
            String severity,
            String status,
            String evidence,
            Instant since,
            Instant lastSeen,
            String remediation) {}

    /** A past or present interval of one control on one asset. */
    public record Change(String controlId, String status, Instant from, Instant to, String closeReason) {}

    /** An asset page: who it is, every control's status at T, and its history. */
    public record Asset(
            UUID id,
            String kind,
            String name,
            String team,
            String image,
            String host,
            UUID hostId,
            Instant firstSeen,
            Instant lastSeen,
            List<ControlStatus> controls,
            List<Change> history,
            List<AssetSummary> containers) {}

    /** An asset failing one control, since when. */
    public record FailingAsset(
            UUID id, String kind, String name, String team, String status, String evidence, Instant since) {}

    /** A control page: the catalogue entry and where it fails. */
    public record Control(
            String benchmark,
            String controlId,
            String title,
            String description,
            String severity,
            String remediation,
            String audit,
            long passing,
            List<FailingAsset> failing) {}
}
