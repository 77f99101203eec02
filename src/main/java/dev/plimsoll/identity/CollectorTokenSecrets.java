package dev.plimsoll.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Collector token secrets: {@code plc_} followed by 32 random bytes in base64url (43 characters).
 * Only their SHA-256 is stored; a high-entropy secret needs no slow hash.
 */
public final class CollectorTokenSecrets {

    public static final String PREFIX = "plc_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private CollectorTokenSecrets() {}

    public static String generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** Whether a bearer credential has the shape of a collector token (checked before any look-up). */
    public static boolean looksLikeToken(String credential) {
        return credential != null
                && credential.startsWith(PREFIX)
                && credential.length() == PREFIX.length() + 43
                && credential.substring(PREFIX.length()).chars().allMatch(CollectorTokenSecrets::isBase64Url);
    }

    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public static String hashHex(String token) {
        return HexFormat.of().formatHex(hash(token));
    }

    /** What lists show of a token: its first characters, enough to tell tokens apart. */
    public static String displayPrefix(String token) {
        return token.substring(0, PREFIX.length() + 6);
    }

    private static boolean isBase64Url(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
