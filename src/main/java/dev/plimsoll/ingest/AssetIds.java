package dev.plimsoll.ingest;

import java.util.UUID;

/**
 * Ids of new assets, time-ordered (UUID version 7, RFC 9562): 48 bits of Unix milliseconds, then 74
 * random bits. The indexes that lead with the asset (the intervals' key and open index, the
 * remediation items' key) receive a new host's and its containers' some 1,600 rows in a few
 * neighbouring pages, instead of one page each spread over the whole index.
 */
final class AssetIds {

    private AssetIds() {}

    /** A new id: its random bits are those of a random (version 4) UUID, from the JDK's secure source. */
    static UUID next() {
        UUID random = UUID.randomUUID();
        return at(System.currentTimeMillis(), random.getMostSignificantBits(), random.getLeastSignificantBits());
    }

    /** The id of {@code millis} with these random bits (those that do not fit are dropped). */
    static UUID at(long millis, long randomA, long randomB) {
        long most = (millis << 16) | 0x7000L | (randomA & 0x0FFFL);
        long least = (randomB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(most, least);
    }
}
