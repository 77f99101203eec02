package dev.plimsoll.platform.db;

import java.util.UUID;

/**
 * A transaction changed data that a tenant's dashboards show. Fired inside the transaction (see
 * {@link TenantChanges}); observers that keep answers derived from that data drop them once it
 * commits ({@code @Observes(during = TransactionPhase.AFTER_SUCCESS)}).
 */
public record TenantDataChanged(UUID tenantId) {}
