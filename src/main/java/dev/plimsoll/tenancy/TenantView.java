package dev.plimsoll.tenancy;

import java.util.UUID;

/** A tenant as the operator's API shows it. */
public record TenantView(UUID id, String slug, String name, String adminEmail) {}
