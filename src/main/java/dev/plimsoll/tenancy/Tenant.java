package dev.plimsoll.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * An organisation using Plimsoll. Visible only to its own transactions (row-level security);
 * created by the platform operator through a narrow database function.
 */
@Entity
@Table(name = "tenant")
public class Tenant {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String slug;

    @Column(nullable = false)
    public String name;

    /** Assets not seen for longer than this drop out of the posture and are listed as stale. */
    @Column(name = "staleness_days", nullable = false)
    public int stalenessDays;

    /** Raw scan documents older than this are pruned; intervals and rollups are kept. */
    @Column(name = "retention_days", nullable = false)
    public int retentionDays;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;
}
