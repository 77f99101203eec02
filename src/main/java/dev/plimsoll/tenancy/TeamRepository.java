package dev.plimsoll.tenancy;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Teams of the current tenant (the tenant filter is added by Hibernate and by row-level security). */
@ApplicationScoped
public class TeamRepository implements PanacheRepositoryBase<Team, UUID> {

    public List<Team> listOrdered() {
        return list("order by slug");
    }

    /** A team named by slug or by id, as the API accepts both. */
    public Optional<Team> findBySlugOrId(String reference) {
        Optional<Team> bySlug = find("slug", reference).firstResultOptional();
        if (bySlug.isPresent()) {
            return bySlug;
        }
        try {
            return findByIdOptional(UUID.fromString(reference));
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }
}
