package dev.plimsoll.web;

import dev.plimsoll.identity.Caller;
import dev.plimsoll.identity.Membership;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Builds the layout's navigation for the current person. */
@RequestScoped
public class NavigationFactory {

    @Inject
    SecurityIdentity identity;

    @Inject
    Caller caller;

    public Navigation forPage(String currentHref) {
        if (identity.isAnonymous()) {
            return new Navigation(List.of(), false, null, List.of());
        }
        List<Navigation.Item> items = new ArrayList<>();
        items.add(new Navigation.Item("Overview", "/app", "/app".equals(currentHref)));
        items.add(new Navigation.Item("Teams", "/app/teams", "/app/teams".equals(currentHref)));
        items.add(new Navigation.Item("Checklist", "/app/checklist", "/app/checklist".equals(currentHref)));
        items.add(new Navigation.Item("Remediation", "/app/remediation", "/app/remediation".equals(currentHref)));
        items.add(new Navigation.Item("Exceptions", "/app/exceptions", "/app/exceptions".equals(currentHref)));
        items.add(new Navigation.Item("Reports", "/app/reports", "/app/reports".equals(currentHref)));
        if (identity.hasRole(dev.plimsoll.identity.Roles.ORG_ADMIN)) {
            items.add(new Navigation.Item("Members", "/app/members", "/app/members".equals(currentHref)));
            items.add(new Navigation.Item("Collector tokens", "/app/tokens", "/app/tokens".equals(currentHref)));
            items.add(new Navigation.Item(
                    "Remediation settings",
                    "/app/remediation-settings",
                    "/app/remediation-settings".equals(currentHref)));
            items.add(new Navigation.Item(
                    "External auditors", "/app/engagements", "/app/engagements".equals(currentHref)));
        }
        if (identity.hasRole(dev.plimsoll.identity.Roles.ORG_ADMIN)
                || identity.hasRole(dev.plimsoll.identity.Roles.AUDITOR)) {
            items.add(new Navigation.Item("Audit log", "/app/audit", "/app/audit".equals(currentHref)));
        }
        Optional<UUID> chosen = caller.membership().map(Membership::tenantId);
        List<Navigation.TenantChoice> tenants = caller.memberships().stream()
                .map(m -> new Navigation.TenantChoice(
                        m.tenantSlug(),
                        m.tenantName(),
                        chosen.filter(m.tenantId()::equals).isPresent()))
                .toList();
        return new Navigation(items, true, caller.displayName().orElse(caller.subject()), tenants);
    }
}
