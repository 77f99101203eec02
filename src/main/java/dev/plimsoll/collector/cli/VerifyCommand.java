package dev.plimsoll.collector.cli;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code verify --signature FILE.sig --public-key KEY REPORT}: checks offline that a report file
 * is the one Plimsoll signed. The signature file names the report id and the file's SHA-256; the
 * Ed25519 signature covers both (see docs/reports.md). The key is the tenant's public key, as PEM
 * or as the JSON answer of {@code GET /api/v1/reports/signing-key}.
 */
final class VerifyCommand {

    private static final Set<String> VALUED = Set.of("--signature", "--public-key");

    private final Environment environment;

    VerifyCommand(Environment environment) {
        this.environment = environment;
    }

    ExitCode run(List<String> rawArgs) throws UsageException {
        Arguments args = Arguments.parse(rawArgs, VALUED, Set.of());
        String signatureFile = args.required("--signature");
        String keyFile = args.required("--public-key");
        if (args.positional().size() != 1) {
            throw new UsageException("verify takes exactly one report FILE");
        }
        Path report = Path.of(args.positional().get(0));
        Map<String, String> fields;
        PublicKey key;
        String sha256;
        try {
            fields = fields(Files.readString(Path.of(signatureFile), StandardCharsets.UTF_8));
            key = publicKey(Files.readString(Path.of(keyFile), StandardCharsets.UTF_8));
            sha256 = sha256(report);
        } catch (IOException e) {
            environment.err().println("error: cannot read a file: " + e.getMessage());
            return ExitCode.UNREADABLE;
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            environment.err().println("error: " + e.getMessage());
            return ExitCode.UNREADABLE;
        }
        String reportId = fields.get("Report-Id");
        if (!sha256.equals(fields.get("SHA-256"))) {
            environment
                    .out()
                    .println("NOT VALID: the file's SHA-256 " + sha256 + " is not the signed one "
                            + fields.get("SHA-256") + " (the file was altered, or the signature is of another report)");
            return ExitCode.CHECKS_FAILED;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(("plimsoll-report-v1\nreport-id: " + reportId + "\nsha256: " + sha256 + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(Base64.getDecoder().decode(fields.get("Signature")))) {
                environment.out().println("NOT VALID: the signature does not verify with this public key");
                return ExitCode.CHECKS_FAILED;
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            environment.out().println("NOT VALID: " + e.getMessage());
            return ExitCode.CHECKS_FAILED;
        }
        environment
                .out()
                .println("VALID: report " + reportId + ", SHA-256 " + sha256 + ", key " + fields.get("Key-Id"));
        return ExitCode.OK;
    }

    private static Map<String, String> fields(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\\R")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(
                        line.substring(0, colon).trim(),
                        line.substring(colon + 1).trim());
            }
        }
        for (String required : List.of("Report-Id", "SHA-256", "Signature")) {
            if (!fields.containsKey(required)) {
                throw new IllegalArgumentException("the signature file has no " + required + " line");
            }
        }
        return fields;
    }

    private static PublicKey publicKey(String text) throws GeneralSecurityException {
        String pem = text;
        if (text.trim().startsWith("{")) {
            JsonValue value = Json.parse(text).asObject().get("publicKeyPem");
            if (value == null || !value.isString()) {
                throw new IllegalArgumentException("the key file has no publicKeyPem");
            }
            pem = value.asString();
        }
        int begin = pem.indexOf("-----BEGIN PUBLIC KEY-----");
        int end = pem.indexOf("-----END PUBLIC KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the key file holds no PEM public key");
        }
        String body = pem.substring(begin + "-----BEGIN PUBLIC KEY-----".length(), end)
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    private static String sha256(Path file) throws IOException, GeneralSecurityException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
