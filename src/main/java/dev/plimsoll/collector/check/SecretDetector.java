package dev.plimsoll.collector.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Spots environment variables that carry secrets, by name and by value. It reports only the
 * variable's name and why it looks secret: a value never leaves this class.
 */
final class SecretDetector {

    /** A variable that looks like a secret, and why. */
    record Finding(String variable, String reason) {
        @Override
        public String toString() {
            return variable + " (" + reason + ")";
        }
    }

    private static final Pattern SECRET_NAME = Pattern.compile(
            "(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH_?KEY|(^|_)PWD$)");

    /** Names that point at a secret rather than hold one, or hold public data. */
    private static final Pattern REFERENCE_NAME =
            Pattern.compile("(_FILE|_PATH|_DIR|_LENGTH|_TTL|_EXPIRY|_EXPIRES|_HEADER|_ENABLED|_URL_PATTERN)$");

    private static final Pattern PUBLIC_DATA_NAME =
            Pattern.compile("(^PATH$|VERSION|SHA\\d*|CHECKSUM|HASH|GPG|PGP|FINGERPRINT|DIGEST|_KEYS?_URL)");

    private static final Map<String, Pattern> SECRET_VALUES = Map.of(
            "AWS access key id", Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"),
            "GitHub token", Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36,}\\b|\\bgithub_pat_[A-Za-z0-9_]{40,}"),
            "GitLab token", Pattern.compile("\\bglpat-[A-Za-z0-9_-]{20,}"),
            "Slack token", Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"),
            "private key", Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"),
            "JSON web token", Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]+"),
            "password in a URL", Pattern.compile("[a-z][a-z0-9+.-]*://[^/\\s:@]+:[^/\\s@]+@"));

    private static final double HIGH_ENTROPY_BITS_PER_CHAR = 4.2;
    private static final int HIGH_ENTROPY_MIN_LENGTH = 24;
    private static final Pattern TOKEN_ALPHABET = Pattern.compile("[A-Za-z0-9+/=_\\-.]+");

    private SecretDetector() {}

    /** The variables of a {@code Config.Env} list that look like secrets. */
    static List<Finding> inEnvironment(List<String> env) {
        List<Finding> findings = new ArrayList<>();
        for (String entry : env) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String name = entry.substring(0, equals);
            whySecret(name, entry.substring(equals + 1)).ifPresent(reason -> findings.add(new Finding(name, reason)));
        }
        return findings;
    }

    /** Why this variable looks like a secret, if it does. */
    static Optional<String> whySecret(String name, String value) {
        if (value.isBlank()) {
            return Optional.empty();
        }
        for (Map.Entry<String, Pattern> known : SECRET_VALUES.entrySet()) {
            if (known.getValue().matcher(value).find()) {
                return Optional.of("value looks like a " + known.getKey());
            }
        }
        String upper = name.toUpperCase(Locale.ROOT);
        if (REFERENCE_NAME.matcher(upper).find()
                || PUBLIC_DATA_NAME.matcher(upper).find()) {
            return Optional.empty();
        }
        if (SECRET_NAME.matcher(upper).find() && !looksLikeAPath(value)) {
            return Optional.of("name suggests a secret");
        }
        if (value.length() >= HIGH_ENTROPY_MIN_LENGTH
                && TOKEN_ALPHABET.matcher(value).matches()
                && value.chars().anyMatch(Character::isDigit)
                && value.chars().anyMatch(Character::isLetter)
                && entropy(value) >= HIGH_ENTROPY_BITS_PER_CHAR) {
            return Optional.of("value is a long random-looking string");
        }
        return Optional.empty();
    }

    private static boolean looksLikeAPath(String value) {
        return value.startsWith("/") && !value.contains(" ");
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String value) {
        Map<Character, Integer> counts = new HashMap<>();
        for (char c : value.toCharArray()) {
            counts.merge(c, 1, Integer::sum);
        }
        double bits = 0;
        for (int count : counts.values()) {
            double p = (double) count / value.length();
            bits -= p * (Math.log(p) / Math.log(2));
        }
        return bits;
    }
}
