package dev.plimsoll.web;

import java.util.List;

/** What the shared layout shows around every page: the sections, who is signed in, the tenant switcher. */
public record Navigation(List<Item> items, boolean signedIn, String userName, List<TenantChoice> tenants) {

    public record Item(String label, String href, boolean current) {}

    public record TenantChoice(String slug, String name, boolean current) {}
}
