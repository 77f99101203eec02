package dev.plimsoll.platform.db;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.TenantId;

/**
 * Base of tenant-owned entities: the tenant discriminator (filled by Hibernate from the current
 * tenant, never by application code), optimistic locking and timestamps.
 */
@MappedSuperclass
public abstract class TenantOwned {

    // A String with a uuid column: the tenant resolver answers strings; the driver sends them untyped.
    @TenantId
    @Column(name = "tenant_id", nullable = false, updatable = false, columnDefinition = "uuid")
    public String tenantId;

    @Version
    public long version;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @PrePersist
    void beforeInsert() {
        createdAt = createdAt == null ? Instant.now() : createdAt;
        updatedAt = createdAt;
    }

    @PreUpdate
    void beforeUpdate() {
        updatedAt = Instant.now();
    }
}
