package dev.plimsoll.audit;

import dev.plimsoll.platform.error.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Auditor engagements: time-boxed, read-only memberships for external auditors. An engagement is
 * a membership with the auditor role and an end; sign-in ignores it from that instant on, so
 * access ends by itself. Granting and ending are recorded in the audit trail; so is every request
 * the auditor makes while engaged ({@link EngagementViews}).
 */
@ApplicationScoped
public class EngagementService {

    /** The longest engagement that may be granted at once. */
    public static final int MAX_DAYS = 366;

    @Inject
    EntityManager entityManager;

    @Inject
    AuditLog audit;

    @Transactional
    @SuppressWarnings("unchecked")
    public List<EngagementView> list() {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        select id, email, access_until, as_of_day, subject is not null, invited_at,
                               access_until > now()
                          from membership where access_until is not null
                         order by access_until desc, email
                        """).getResultList();
        List<EngagementView> views = new ArrayList<>();
        for (Object[] row : rows) {
            views.add(new EngagementView(
                    (UUID) row[0],
                    (String) row[1],
                    instant(row[2]),
                    day(row[3]),
                    (Boolean) row[4],
                    instant(row[5]),
                    (Boolean) row[6]));
        }
        return views;
    }

    @Transactional
    public EngagementView grant(EngagementRequest request) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (request.endsOn().isBefore(today)) {
            throw ProblemException.invalidField("/endsOn", "endsOn must be today or later");
        }
        if (request.endsOn().isAfter(today.plusDays(MAX_DAYS))) {
            throw ProblemException.invalidField("/endsOn", "an engagement lasts at most " + MAX_DAYS + " days");
        }
        if (request.asOfDay() != null && request.asOfDay().isAfter(today)) {
            throw ProblemException.invalidField("/asOfDay", "asOfDay must be today or earlier");
        }
        String email = request.email().strip().toLowerCase(Locale.ROOT);
        boolean exists = !entityManager
                .createNativeQuery("select 1 from membership where email = ?1")
                .setParameter(1, email)
                .getResultList()
                .isEmpty();
        if (exists) {
            throw ProblemException.conflict(email + " is already a member or invited.");
        }
        UUID id = UUID.randomUUID();
        Instant until = request.endsOn().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        entityManager
                .createNativeQuery("insert into membership (tenant_id, id, email, role, access_until, as_of_day)"
                        + " values (plimsoll_current_tenant(), ?1, ?2, 'auditor', ?3, ?4)")
                .setParameter(1, id)
                .setParameter(2, email)
                .setParameter(3, Timestamp.from(until))
                .setParameter(4, request.asOfDay())
                .executeUpdate();
        EngagementView granted = find(id);
        audit.record("engagement.granted", "member", id.toString(), null, granted);
        return granted;
    }

    /** Ends an engagement now; the auditor's next request is refused. Ending twice changes nothing. */
    @Transactional
    public void end(UUID id) {
        EngagementView current = find(id);
        if (!current.active()) {
            return;
        }
        entityManager
                .createNativeQuery("update membership set access_until = now(), updated_at = now() where id = ?1")
                .setParameter(1, id)
                .executeUpdate();
        audit.record("engagement.ended", "member", id.toString(), current, find(id));
    }

    private EngagementView find(UUID id) {
        return list().stream()
                .filter(e -> e.id().equals(id))
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("Auditor engagement " + id));
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Timestamp timestamp ? timestamp.toInstant() : (Instant) value;
    }

    private static LocalDate day(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof java.sql.Date date ? date.toLocalDate() : (LocalDate) value;
    }
}
