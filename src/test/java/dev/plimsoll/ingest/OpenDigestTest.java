package dev.plimsoll.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plimsoll.ingest.Intervals.Observation;
import dev.plimsoll.ingest.Intervals.Pair;
import dev.plimsoll.wire.ResultStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OpenDigestTest {

    final UUID host = UUID.randomUUID();
    final UUID web = UUID.randomUUID();

    @Test
    void a_scans_digest_of_an_asset_is_that_of_its_statuses_in_control_order_whatever_the_order_reported() {
        List<Observation> observations = new ArrayList<>(List.of(
                observation(web, "5.10", ResultStatus.fail),
                observation(web, "5.2", ResultStatus.pass),
                observation(host, "2.2", ResultStatus.warn),
                observation(web, "5.1", ResultStatus.pass)));
        Collections.shuffle(observations, new Random(7));

        Map<UUID, String> digests = OpenDigest.of(observations, Set.of(web));

        assertThat(digests).containsOnlyKeys(web);
        assertThat(digests.get(web))
                .hasSize(32)
                .isEqualTo(OpenDigest.of(new TreeMap<>(
                        Map.of("5.1", ResultStatus.pass, "5.2", ResultStatus.pass, "5.10", ResultStatus.fail))));
    }

    @Test
    void another_status_or_another_set_of_controls_gives_another_digest() {
        String digest = OpenDigest.of(new TreeMap<>(Map.of("5.1", ResultStatus.pass, "5.2", ResultStatus.fail)));
        assertThat(OpenDigest.of(new TreeMap<>(Map.of("5.1", ResultStatus.fail, "5.2", ResultStatus.pass))))
                .isNotEqualTo(digest);
        assertThat(OpenDigest.of(new TreeMap<>(Map.of("5.1", ResultStatus.pass))))
                .isNotEqualTo(digest);
        assertThat(OpenDigest.of(new TreeMap<>(Map.of("5.1", ResultStatus.pass, "5.2", ResultStatus.fail))))
                .isEqualTo(digest);
    }

    static Observation observation(UUID asset, String control, ResultStatus status) {
        return new Observation(new Pair(asset, control), status, "evidence");
    }
}
