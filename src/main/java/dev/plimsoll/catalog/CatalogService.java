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
        List<Control> controls = entityManager
                .createQuery(
                        "from Control c where (:benchmark is null or c.key.benchmarkId = :benchmark)"
                                + " and (:version is null or c.key.benchmarkVersion = :version)",
                        Control.class)
                .setParameter("benchmark", benchmarkId)
                .setParameter("version", version)
                .getResultList();
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
