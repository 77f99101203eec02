package dev.plimsoll.reports;

import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.platform.error.ProblemType;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Each tenant's Ed25519 key pair, made on first use. The private key is stored sealed with
 * AES-256-GCM under the configured key-encryption key (the tenant id is the associated data, so
 * a sealed key copied to another tenant's row does not open). Methods run inside the caller's
 * transaction, on its connection (row-level security applies).
 */
@ApplicationScoped
public class SigningKeys {

    static final String ALGORITHM = "Ed25519";
    private static final int NONCE_BYTES = 12;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ReportsConfig config;

    private final SecureRandom random = new SecureRandom();

    /** A tenant's public key with its id. */
    public record PublicSigningKey(String keyId, PublicKey key) {

        public String pem() {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.getEncoded());
            return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
        }
    }

    /** The tenant's public key, if it has signed anything yet. */
    Optional<PublicSigningKey> publicKey() throws SQLException {
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement("select key_id, public_key from report_signing_key")) {
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PublicSigningKey(row.getString(1), decodePublic(row.getBytes(2))));
            }
        }
    }

    /** The tenant's key pair, made and stored on first use. */
    PublicSigningKey ensure(UUID tenant) throws SQLException {
        Optional<PublicSigningKey> existing = publicKey();
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] kek = keyEncryptionKey();
        try {
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            byte[] publicKey = pair.getPublic().getEncoded();
            String keyId = keyId(publicKey);
            try (Connection db = dataSource.getConnection();
                    PreparedStatement insert = db.prepareStatement(
                            "insert into report_signing_key (tenant_id, key_id, public_key, sealed_private_key)"
                                    + " values (?, ?, ?, ?) on conflict (tenant_id) do nothing")) {
                insert.setObject(1, tenant);
                insert.setString(2, keyId);
                insert.setBytes(3, publicKey);
                insert.setBytes(4, seal(kek, tenant, pair.getPrivate().getEncoded()));
                insert.executeUpdate();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot make a signing key", e);
        }
        return publicKey().orElseThrow();
    }

    /** Signs a message with the tenant's private key. */
    byte[] sign(UUID tenant, byte[] message) throws SQLException {
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement("select sealed_private_key from report_signing_key")) {
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("The tenant has no signing key");
                }
                byte[] pkcs8 = open(keyEncryptionKey(), tenant, row.getBytes(1));
                try {
                    PrivateKey key = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                    Signature signer = Signature.getInstance(ALGORITHM);
                    signer.initSign(key);
                    signer.update(message);
                    return signer.sign();
                } finally {
                    Arrays.fill(pkcs8, (byte) 0);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign the report", e);
        }
    }

    static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The key id: the first 16 hex digits of the SHA-256 of the public key's DER encoding. */
    static String keyId(byte[] publicKeyDer) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(publicKeyDer))
                    .substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static PublicKey decodePublic(byte[] der) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored public key does not decode", e);
        }
    }

    private byte[] keyEncryptionKey() {
        String secret = config.keyEncryptionKey()
                .filter(s -> s.length() >= 32)
                .orElseThrow(
                        () -> new ProblemException(
                                ProblemType.forStatus(503),
                                "Reports cannot be signed: plimsoll.reports.key-encryption-key (at least 32 characters) is not configured."));
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] seal(byte[] kek, UUID tenant, byte[] plain) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(tenant.toString().getBytes(StandardCharsets.US_ASCII));
        byte[] sealed = cipher.doFinal(plain);
        byte[] out = new byte[NONCE_BYTES + sealed.length];
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
        return out;
    }

    private static byte[] open(byte[] kek, UUID tenant, byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(kek, "AES"),
                    new GCMParameterSpec(128, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(tenant.toString().getBytes(StandardCharsets.US_ASCII));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "The tenant's signing key does not open with the configured key-encryption key", e);
        }
    }
}
