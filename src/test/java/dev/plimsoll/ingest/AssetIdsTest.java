package dev.plimsoll.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class AssetIdsTest {

    @Test
    void an_asset_id_is_a_version_7_uuid_of_the_current_time() {
        long before = System.currentTimeMillis();
        UUID id = AssetIds.next();
        long after = System.currentTimeMillis();
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
    }

    @Test
    void ids_of_later_milliseconds_sort_after_earlier_ones_whatever_their_random_bits() {
        UUID earlier = AssetIds.at(1_764_000_000_000L, -1L, -1L);
        UUID later = AssetIds.at(1_764_000_000_001L, 0L, 0L);
        // PostgreSQL orders uuids by their bytes, unsigned: compare the texts, which order alike.
        assertThat(later.toString()).isGreaterThan(earlier.toString());
        assertThat(earlier.toString()).startsWith("019a");
        assertThat(AssetIds.at(1_764_000_000_000L, -1L, -1L).toString()).isEqualTo(earlier.toString());
    }

    @Test
    void two_ids_of_one_millisecond_differ() {
        assertThat(AssetIds.next()).isNotEqualTo(AssetIds.next());
    }
}
