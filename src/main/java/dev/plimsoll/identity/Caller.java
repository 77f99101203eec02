package dev.plimsoll.identity;

import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.platform.error.ProblemType;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling: a person (with their memberships and the tenant chosen for this request). */
@RequestScoped
public class Caller {

    @Inject
    SecurityIdentity identity;

    public String subject() {
        return identity.getPrincipal() instanceof JsonWebToken token
                ? token.getSubject()
                : identity.getPrincipal().getName();
    }

    public Optional<String> email() {
        return identity.getPrincipal() instanceof JsonWebToken token
                ? Optional.ofNullable(token.getClaim("email"))
                : Optional.empty();
    }

    public Optional<String> displayName() {
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            Object name = token.getClaim("name");
            return Optional.ofNullable(name == null ? token.getClaim("preferred_username") : name.toString());
        }
        return Optional.empty();
    }

    public boolean isOperator() {
        return identity.hasRole(Roles.OPERATOR);
    }

    public List<Membership> memberships() {
        List<Membership> memberships = identity.getAttribute(MembershipAugmentor.MEMBERSHIPS_ATTRIBUTE);
        return memberships == null ? List.of() : memberships;
    }

    public Optional<Membership> membership() {
        return Optional.ofNullable(identity.getAttribute(MembershipAugmentor.MEMBERSHIP_ATTRIBUTE));
    }

    /** The tenant of this request; a person without one chosen gets a clear 403. */
    public Membership requireMembership() {
        return membership()
                .orElseThrow(() -> new ProblemException(
                        ProblemType.FORBIDDEN,
                        memberships().isEmpty()
                                ? "You are not a member of any tenant yet; ask an org admin to invite you."
                                : "Choose a tenant with the Plimsoll-Tenant header; you are a member of several."));
    }

    public UUID tenantId() {
        return requireMembership().tenantId();
    }
}
