package dev.plimsoll.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;

/** Reads the benchmark catalogue. */
@ApplicationScoped
public class CatalogService {

    @Inject
    EntityManager entityManager;

    public List<ControlView> controls(String benchmarkId, String version) {
        // Conditions are added only when given: "? is null" cannot be typed by PostgreSQL.
        StringBuilder query = new StringBuilder("from Control c where 1 = 1");
        if (benchmarkId != null) {
            query.append(" and c.key.benchmarkId = :benchmark");
        }
        if (version != null) {
            query.append(" and c.key.benchmarkVersion = :version");
        }
        var typed = entityManager.createQuery(query.toString(), Control.class);
        if (benchmarkId != null) {
            typed.setParameter("benchmark", benchmarkId);
        }
        if (version != null) {
            typed.setParameter("version", version);
        }
        List<Control> controls = typed.getResultList();
        List<Object[]> mappings = entityManager
                .createNativeQuery("select benchmark_id, benchmark_version, control_id, checklist_item_id"
                        + " from control_checklist order by is_primary desc, checklist_item_id")
                .getResultList();
        return controls.stream()
                .map(c -> ControlView.from(
                        c,
                        mappings.stream()
                                .filter(m -> m[0].equals(c.key.benchmarkId())
                                        && m[1].equals(c.key.benchmarkVersion())
                                        && m[2].equals(c.key.controlId()))
                                .map(m -> (String) m[3])
                                .toList()))
                .sorted(ControlView.ORDER)
                .toList();
    }
}
