package dev.plimsoll.identity;

/** Role names as they appear in {@code @RolesAllowed} and in the API. */
public final class Roles {

    /** Platform operator: a realm role in the identity provider; creates tenants, sees no tenant data. */
    public static final String OPERATOR = "plimsoll-operator";

    /** Teams, members, collector tokens and policies of a tenant. */
    public static final String ORG_ADMIN = "org-admin";

    /** Every team's posture and remediation; approves exceptions. */
    public static final String SECURITY_MANAGER = "security-manager";

    /** Read-only everything in the tenant, reports and the audit log. */
    public static final String AUDITOR = "auditor";

    /** Their own teams only; works remediation items. */
    public static final String TEAM_MEMBER = "team-member";

    /** Any person signed in through OpenID Connect (tenant member or not); never a collector. */
    public static final String PERSON = "person";

    /** A machine identity that may only ingest scans for its tenant and team. */
    public static final String COLLECTOR = "collector";

    private Roles() {}

    public static boolean isTenantRole(String role) {
        return ORG_ADMIN.equals(role)
                || SECURITY_MANAGER.equals(role)
                || AUDITOR.equals(role)
                || TEAM_MEMBER.equals(role);
    }
}
