package dev.plimsoll.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;

/** One recommendation of a benchmark version (global reference data, read-only). */
@Entity
@Table(name = "control")
public class Control {

    @EmbeddedId
    public Key key;

    @Column(nullable = false)
    public String section;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String description;

    @Column(nullable = false)
    public short level;

    @Column(nullable = false)
    public String assessment;

    @Column(nullable = false)
    public boolean automatable;

    @Column(nullable = false)
    public String scope;

    @Column(nullable = false)
    public String severity;

    @Column(nullable = false)
    public String remediation;

    @Column(nullable = false)
    public String audit;

    @Column(name = "alt_id")
    public String altId;

    /** Benchmark id, version and control id. */
    @Embeddable
    public record Key(
            @Column(name = "benchmark_id") String benchmarkId,
            @Column(name = "benchmark_version") String benchmarkVersion,
            @Column(name = "control_id") String controlId)
            implements Serializable {}
}
