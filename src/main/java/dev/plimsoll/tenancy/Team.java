package dev.plimsoll.tenancy;

import dev.plimsoll.platform.db.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** A team of a tenant: the unit that owns hosts, posture and remediation work. */
@Entity
@Table(name = "team")
public class Team extends TenantOwned {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String slug;

    @Column(nullable = false)
    public String name;
}
