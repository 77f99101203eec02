package dev.plimsoll.posture;

import dev.plimsoll.platform.error.ProblemException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The scans of a host and their raw documents. Visible to whoever may see the host's team (a team
 * member only their own teams); anything else answers like a scan that does not exist.
 */
@ApplicationScoped
public class ScanService {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PostureService posture;

    /** One page of the scans of the host of an asset (the asset itself when it is a host), newest first. */
    @Transactional
    public Page<ScanFile> ofAsset(UUID asset, int page, int size) {
        List<UUID> visible = posture.visibleTeamIds();
        try (Connection db = dataSource.getConnection()) {
            UUID host;
            try (PreparedStatement q =
                    db.prepareStatement("select coalesce(host_id, id), team_id from asset where id = ?")) {
                q.setObject(1, asset);
                try (ResultSet rows = q.executeQuery()) {
                    if (!rows.next() || !visible.contains(rows.getObject(2, UUID.class))) {
                        throw ProblemException.notFound("Asset " + asset);
                    }
                    host = rows.getObject(1, UUID.class);
                }
            }
            long total;
            try (PreparedStatement q = db.prepareStatement("select count(*) from scan where host_asset_id = ?")) {
                q.setObject(1, host);
                try (ResultSet rows = q.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
            List<ScanFile> items = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("""
                    select s.id, s.source, s.benchmark_id || ' ' || s.benchmark_version, s.finished_at,
                           s.result_count, s.passed, s.failed, d.media_type, d.raw_size
                      from scan s left join scan_document d on d.scan_id = s.id
                     where s.host_asset_id = ?
                     order by s.finished_at desc, s.id
                     limit ? offset ?
                    """)) {
                q.setObject(1, host);
                q.setInt(2, size);
                q.setLong(3, (long) (page - 1) * size);
                try (ResultSet rows = q.executeQuery()) {
                    while (rows.next()) {
                        items.add(new ScanFile(
                                rows.getObject(1, UUID.class),
                                rows.getString(2),
                                rows.getString(3),
                                rows.getTimestamp(4).toInstant(),
                                rows.getInt(5),
                                rows.getInt(6),
                                rows.getInt(7),
                                rows.getString(8),
                                (Integer) rows.getObject(9)));
                    }
                }
            }
            return new Page<>(items, total, page, size);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the scans", e);
        }
    }

    /** The raw document of a scan, optionally checking it belongs to the host of {@code asset}. */
    @Transactional
    public ScanFile.Raw raw(UUID scan, UUID asset) {
        List<UUID> visible = posture.visibleTeamIds();
        try (Connection db = dataSource.getConnection();
                PreparedStatement q = db.prepareStatement("""
                        select s.team_id, d.media_type, d.raw_gzip, d.raw_sha256,
                               (?::uuid is null or s.host_asset_id = (select coalesce(a.host_id, a.id) from asset a where a.id = ?::uuid))
                          from scan s join scan_document d on d.scan_id = s.id
                         where s.id = ?
                        """)) {
            q.setObject(1, asset);
            q.setObject(2, asset);
            q.setObject(3, scan);
            try (ResultSet rows = q.executeQuery()) {
                if (!rows.next() || !visible.contains(rows.getObject(1, UUID.class)) || !rows.getBoolean(5)) {
                    throw ProblemException.notFound("Raw document of scan " + scan);
                }
                return new ScanFile.Raw(
                        scan,
                        rows.getString(2),
                        rows.getBytes(3),
                        HexFormat.of().formatHex(rows.getBytes(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the raw document", e);
        }
    }
}
