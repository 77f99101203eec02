package dev.plimsoll.demo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The demo organisations: who works there, their teams and how many hosts and containers each
 * team runs. Ids are derived from names so the data is the same on every start.
 */
final class DemoFleet {

    /** How far back the demo history goes. */
    static final int HISTORY_DAYS = 90;

    record TeamPlan(String slug, String name, int hosts, int containersPerHost, double startPassRate, double drift) {}

    record Person(String email, String role, List<String> teams) {}

    record TenantPlan(UUID id, String slug, String name, List<TeamPlan> teams, List<Person> people) {}

    private DemoFleet() {}

    static List<TenantPlan> plans() {
        return List.of(
                new TenantPlan(
                        id("tenant:acme"),
                        "acme",
                        "Acme Payments",
                        List.of(
                                // drift: how the pass rate moves over the 90 days (fixes outpacing regressions, or not)
                                new TeamPlan("payments", "Payments", 3, 5, 0.62, 0.22),
                                new TeamPlan("platform", "Platform", 3, 4, 0.78, 0.08),
                                new TeamPlan("web", "Web storefront", 2, 6, 0.74, -0.10)),
                        List.of(
                                new Person("admin@acme.test", "org-admin", List.of()),
                                new Person("manager@acme.test", "security-manager", List.of()),
                                new Person("auditor@acme.test", "auditor", List.of()),
                                new Person("dev@acme.test", "team-member", List.of("payments")))),
                new TenantPlan(
                        id("tenant:globex"),
                        "globex",
                        "Globex Logistics",
                        List.of(
                                new TeamPlan("data", "Data platform", 2, 5, 0.55, 0.15),
                                new TeamPlan("ops", "Operations", 2, 3, 0.81, 0.03)),
                        List.of(
                                new Person("admin@globex.test", "org-admin", List.of()),
                                new Person("manager@globex.test", "security-manager", List.of()),
                                // The same auditor serves both organisations: the tenant switcher shows both.
                                new Person("auditor@acme.test", "auditor", List.of()),
                                new Person("dev@globex.test", "team-member", List.of("data")))));
    }

    static UUID id(String name) {
        return UUID.nameUUIDFromBytes(("plimsoll-demo:" + name).getBytes(StandardCharsets.UTF_8));
    }
}
