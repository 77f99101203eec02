package dev.plimsoll.ingest;

import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.wire.ScanHost;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Upserts the assets a scan names: its host (by {@code host.id}), the host's containers (by name,
 * since ids change when a container is recreated) and images (by id, per team). Rows are locked in
 * a fixed order (host first) so that scans of one host run one after the other.
 */
final class AssetStore {

    /** An asset as it was before this scan. {@code lastSeen} is null for one created by this scan. */
    record Known(UUID id, String naturalKey, Instant lastSeen, Instant goneAt) {}

    private final Connection db;
    private final UUID tenant;
    private final UUID team;

    AssetStore(Connection db, UUID tenant, UUID team) {
        this.db = db;
        this.tenant = tenant;
        this.team = team;
    }

    /** The host row, created if new and locked; refused if another team reports it. */
    Known host(ScanHost host, Instant at) throws SQLException {
        String attributes = attributes(host);
        try (PreparedStatement insert = db.prepareStatement("insert into asset (tenant_id, id, team_id, kind,"
                + " natural_key, name, attributes, first_seen, last_seen) values (?, ?, ?, 'host', ?, ?, ?::jsonb, ?, ?)"
                + " on conflict (tenant_id, kind, natural_key) do nothing")) {
            insert.setObject(1, tenant);
            insert.setObject(2, AssetIds.next());
            insert.setObject(3, team);
            insert.setString(4, host.id());
            insert.setString(5, host.hostname() == null ? host.id() : host.hostname());
            insert.setString(6, attributes);
            insert.setTimestamp(7, Timestamp.from(at));
            insert.setTimestamp(8, Timestamp.from(at));
            int created = insert.executeUpdate();
            try (PreparedStatement select = db.prepareStatement("select id, team_id, last_seen from asset"
                    + " where tenant_id = ? and kind = 'host' and natural_key = ? for update")) {
                select.setObject(1, tenant);
                select.setString(2, host.id());
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    UUID id = row.getObject(1, UUID.class);
                    if (!team.equals(row.getObject(2, UUID.class))) {
                        throw ProblemException.conflict(
                                "The host " + host.id()
                                        + " is reported by another team of this tenant; post its scans with a token of that team.");
                    }
                    Instant lastSeen = created == 1 ? null : row.getTimestamp(3).toInstant();
                    if (created == 0) {
                        try (PreparedStatement update = db.prepareStatement("update asset set"
                                + " last_seen = greatest(last_seen, ?), first_seen = least(first_seen, ?),"
                                + " name = case when ? >= last_seen then ? else name end,"
                                + " attributes = case when ? >= last_seen then ?::jsonb else attributes end"
                                + " where tenant_id = ? and id = ?")) {
                            update.setTimestamp(1, Timestamp.from(at));
                            update.setTimestamp(2, Timestamp.from(at));
                            update.setTimestamp(3, Timestamp.from(at));
                            update.setString(4, host.hostname() == null ? host.id() : host.hostname());
                            update.setTimestamp(5, Timestamp.from(at));
                            update.setString(6, attributes);
                            update.setObject(7, tenant);
                            update.setObject(8, id);
                            update.executeUpdate();
                        }
                    }
                    return new Known(id, host.id(), lastSeen, null);
                }
            }
        }
    }

    /** Every container this host ever had, by name, locked. */
    Map<String, Known> containersOf(UUID host) throws SQLException {
        Map<String, Known> containers = new HashMap<>();
        try (PreparedStatement sql = db.prepareStatement("select id, name, last_seen, gone_at from asset"
                + " where tenant_id = ? and host_id = ? and kind = 'container' order by id for update")) {
            sql.setObject(1, tenant);
            sql.setObject(2, host);
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    Timestamp gone = rows.getTimestamp(4);
                    containers.put(
                            rows.getString(2),
                            new Known(
                                    rows.getObject(1, UUID.class),
                                    rows.getString(2),
                                    rows.getTimestamp(3).toInstant(),
                                    gone == null ? null : gone.toInstant()));
                }
            }
        }
        return containers;
    }

    /** A container or image seen in this scan. */
    record Seen(String key, String name, String imageRef, String imageId, String attributes) {}

    /** Creates the containers seen for the first time; answers their ids by name. */
    Map<String, UUID> createContainers(UUID host, String hostKey, Collection<Seen> containers, Instant at)
            throws SQLException {
        Map<String, UUID> ids = new HashMap<>();
        if (containers.isEmpty()) {
            return ids;
        }
        List<Seen> list = new ArrayList<>(containers);
        List<UUID> newIds = new ArrayList<>();
        for (Seen container : list) {
            UUID id = AssetIds.next();
            newIds.add(id);
            ids.put(container.key(), id);
        }
        try (PreparedStatement sql = db.prepareStatement("insert into asset (tenant_id, id, team_id, kind, natural_key,"
                + " host_id, name, image_ref, image_id, attributes, first_seen, last_seen)"
                + " select ?, i, ?, 'container', ? || '/' || n, ?, n, r, m, a::jsonb, ?, ?"
                + " from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[]) as u(i, n, r, m, a)")) {
            sql.setObject(1, tenant);
            sql.setObject(2, team);
            sql.setString(3, hostKey);
            sql.setObject(4, host);
            sql.setTimestamp(5, Timestamp.from(at));
            sql.setTimestamp(6, Timestamp.from(at));
            sql.setArray(7, db.createArrayOf("uuid", newIds.toArray()));
            sql.setArray(
                    8, db.createArrayOf("text", list.stream().map(Seen::name).toArray()));
            sql.setArray(
                    9,
                    db.createArrayOf("text", list.stream().map(Seen::imageRef).toArray()));
            sql.setArray(
                    10,
                    db.createArrayOf("text", list.stream().map(Seen::imageId).toArray()));
            sql.setArray(
                    11,
                    db.createArrayOf("text", list.stream().map(Seen::attributes).toArray()));
            sql.executeUpdate();
        }
        return ids;
    }

    /**
     * Moves last seen of containers seen again; one seen after it was marked gone is back. Details
     * (image, id) follow the newest scan.
     */
    void seeContainers(Map<UUID, Seen> seen, Instant at) throws SQLException {
        if (seen.isEmpty()) {
            return;
        }
        List<Map.Entry<UUID, Seen>> list = new ArrayList<>(seen.entrySet());
        try (PreparedStatement sql = db.prepareStatement("update asset a set"
                + " first_seen = least(a.first_seen, ?),"
                + " gone_at = case when a.gone_at is not null and a.gone_at <= ? then null else a.gone_at end,"
                + " image_ref = case when ? >= a.last_seen then u.r else a.image_ref end,"
                + " image_id = case when ? >= a.last_seen then u.m else a.image_id end,"
                + " attributes = case when ? >= a.last_seen then u.x::jsonb else a.attributes end,"
                + " last_seen = greatest(a.last_seen, ?)"
                + " from unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) as u(i, r, m, x)"
                + " where a.tenant_id = ? and a.id = u.i")) {
            Timestamp when = Timestamp.from(at);
            for (int i = 1; i <= 6; i++) {
                sql.setTimestamp(i, when);
            }
            sql.setArray(
                    7,
                    db.createArrayOf(
                            "uuid", list.stream().map(Map.Entry::getKey).toArray()));
            sql.setArray(
                    8,
                    db.createArrayOf(
                            "text",
                            list.stream().map(e -> e.getValue().imageRef()).toArray()));
            sql.setArray(
                    9,
                    db.createArrayOf(
                            "text",
                            list.stream().map(e -> e.getValue().imageId()).toArray()));
            sql.setArray(
                    10,
                    db.createArrayOf(
                            "text",
                            list.stream().map(e -> e.getValue().attributes()).toArray()));
            sql.setObject(11, tenant);
            sql.executeUpdate();
        }
    }

    /** Marks containers gone at this scan's time. */
    void markGone(Collection<UUID> containers, Instant at) throws SQLException {
        if (containers.isEmpty()) {
            return;
        }
        try (PreparedStatement sql = db.prepareStatement("update asset set gone_at = ?"
                + " where tenant_id = ? and id = any(?) and (gone_at is null or gone_at > ?)")) {
            sql.setTimestamp(1, Timestamp.from(at));
            sql.setObject(2, tenant);
            sql.setArray(3, db.createArrayOf("uuid", containers.toArray()));
            sql.setTimestamp(4, Timestamp.from(at));
            sql.executeUpdate();
        }
    }

    /**
     * After a late scan rewrote histories: a container is gone when none of its intervals is open
     * and its last one ended because it was gone.
     */
    void recomputeGone(UUID host) throws SQLException {
        try (PreparedStatement sql = db.prepareStatement("update asset a set gone_at = g.gone_at from ("
                + " select c.id, case when bool_or(cs.valid_to is null) then null"
                + " else max(cs.valid_to) filter (where cs.close_reason = 'gone') end as gone_at"
                + " from asset c join control_state cs on cs.tenant_id = c.tenant_id and cs.asset_id = c.id"
                + " where c.tenant_id = ? and c.host_id = ? and c.kind = 'container' group by c.id) g"
                + " where a.tenant_id = ? and a.id = g.id and a.gone_at is distinct from g.gone_at")) {
            sql.setObject(1, tenant);
            sql.setObject(2, host);
            sql.setObject(3, tenant);
            sql.executeUpdate();
        }
    }

    /** Upserts images by id within the team; answers each one's row as before this scan. */
    Map<String, Known> images(Collection<Seen> images, Instant at) throws SQLException {
        Map<String, Known> known = new HashMap<>();
        if (images.isEmpty()) {
            return known;
        }
        Map<String, Seen> byKey = byTeamKey(images);
        lockImages(byKey.keySet(), known, false);
        List<String> missing =
                byKey.keySet().stream().filter(key -> !known.containsKey(key)).toList();
        if (!missing.isEmpty()) {
            insertImages(missing, byKey, at);
            lockImages(missing, known, true);
        }
        try (PreparedStatement update = db.prepareStatement(
                "update asset set last_seen = greatest(last_seen, ?),"
                        + " first_seen = least(first_seen, ?) where tenant_id = ? and kind = 'image' and natural_key = any(?)")) {
            update.setTimestamp(1, Timestamp.from(at));
            update.setTimestamp(2, Timestamp.from(at));
            update.setObject(3, tenant);
            update.setArray(4, db.createArrayOf("text", byKey.keySet().toArray()));
            update.executeUpdate();
        }
        Map<String, Known> byImage = new HashMap<>();
        known.forEach((key, value) -> byImage.put(byKey.get(key).key(), value));
        return byImage;
    }

    /**
     * Makes sure the images that containers run exist as assets (for grouping by image), without
     * locking them: scans of many hosts of one team name the same images at the same time.
     */
    void ensureImages(Collection<Seen> images, Instant at) throws SQLException {
        if (images.isEmpty()) {
            return;
        }
        Map<String, Seen> byKey = byTeamKey(images);
        insertImages(List.copyOf(byKey.keySet()), byKey, at);
    }

    /** Creates the images of these keys that do not exist yet (one statement, in key order). */
    private void insertImages(List<String> keys, Map<String, Seen> byKey, Instant at) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("insert into asset (tenant_id, id, team_id, kind,"
                + " natural_key, name, image_ref, image_id, first_seen, last_seen)"
                + " select ?, gen_random_uuid(), ?, 'image', k, n, n, m, ?, ?"
                + " from unnest(?::text[], ?::text[], ?::text[]) as u(k, n, m)"
                + " where not exists (select 1 from asset x where x.tenant_id = ? and x.kind = 'image' and x.natural_key = u.k)"
                + " order by k on conflict (tenant_id, kind, natural_key) do nothing")) {
            insert.setObject(1, tenant);
            insert.setObject(2, team);
            insert.setTimestamp(3, Timestamp.from(at));
            insert.setTimestamp(4, Timestamp.from(at));
            insert.setArray(5, db.createArrayOf("text", keys.toArray()));
            insert.setArray(
                    6,
                    db.createArrayOf(
                            "text", keys.stream().map(k -> byKey.get(k).name()).toArray()));
            insert.setArray(
                    7,
                    db.createArrayOf(
                            "text",
                            keys.stream().map(k -> byKey.get(k).imageId()).toArray()));
            insert.setObject(8, tenant);
            insert.executeUpdate();
        }
    }

    /** Images by their natural key: the id (or name) within the team. */
    private Map<String, Seen> byTeamKey(Collection<Seen> images) {
        Map<String, Seen> byKey = new java.util.TreeMap<>();
        images.forEach(seen -> byKey.put(team + "/" + seen.key(), seen));
        return byKey;
    }

    private void lockImages(Collection<String> keys, Map<String, Known> known, boolean created) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("select id, natural_key, last_seen from asset"
                + " where tenant_id = ? and kind = 'image' and natural_key = any(?) order by natural_key for update")) {
            select.setObject(1, tenant);
            select.setArray(2, db.createArrayOf("text", keys.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    known.put(
                            rows.getString(2),
                            new Known(
                                    rows.getObject(1, UUID.class),
                                    rows.getString(2),
                                    created ? null : rows.getTimestamp(3).toInstant(),
                                    null));
                }
            }
        }
    }

    private static String attributes(ScanHost host) {
        StringBuilder json = new StringBuilder("{");
        appendField(json, "os", host.os());
        appendField(json, "dockerVersion", host.dockerVersion());
        if (!host.labels().isEmpty()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("\"labels\":{");
            boolean first = true;
            for (Map.Entry<String, String> label : new java.util.TreeMap<>(host.labels()).entrySet()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                json.append(Json.quote(label.getKey())).append(':').append(Json.quote(label.getValue()));
            }
            json.append('}');
        }
        return json.append('}').toString();
    }

    private static void appendField(StringBuilder json, String name, String value) {
        if (value == null) {
            return;
        }
        if (json.length() > 1) {
            json.append(',');
        }
        json.append(Json.quote(name)).append(':').append(Json.quote(value));
    }

    /** JSON string quoting for the few attribute values written here. */
    static final class Json {
        private Json() {}

        static String quote(String value) {
            return com.eclipsesource.json.Json.value(value).toString();
        }
    }
}
