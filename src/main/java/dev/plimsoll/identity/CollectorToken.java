package dev.plimsoll.identity;

import dev.plimsoll.platform.db.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A collector's credential: only the SHA-256 of its secret is stored, with a short prefix for display. */
@Entity
@Table(name = "collector_token")
public class CollectorToken extends TenantOwned {

    @Id
    public UUID id;

    @Column(name = "team_id", nullable = false)
    public UUID teamId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String prefix;

    @Column(name = "secret_hash", nullable = false)
    public byte[] secretHash;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;
}
