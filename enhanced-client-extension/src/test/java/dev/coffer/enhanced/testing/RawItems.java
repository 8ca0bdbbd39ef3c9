package dev.coffer.enhanced.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.ItemEncryptor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Looks at stored items as DynamoDB holds them. */
public final class RawItems {
    private RawItems() {
    }

    /**
     * Asserts that {@code raw}, a stored (or about to be stored) {@link Session} item, holds
     * ciphertext for every protected attribute, a header and a signature, no secret of
     * {@code written} in any byte, and the keys, status and times in plaintext.
     */
    public static void assertProtected(Map<String, AttributeValue> raw, Session written) {
        assertThat(raw).containsKeys(ItemEncryptor.HEADER_ATTRIBUTE, ItemEncryptor.SIGNATURE_ATTRIBUTE);
        assertThat(raw.get(ItemEncryptor.HEADER_ATTRIBUTE).b()).isNotNull();
        assertThat(raw.get(ItemEncryptor.SIGNATURE_ATTRIBUTE).b()).isNotNull();
        for (String encrypted : List.of("token", "clientIp", "device", "previousDevices", "labels")) {
            assertThat(raw.get(encrypted).b()).as(encrypted + " holds ciphertext").isNotNull();
        }
        byte[] all = allBytes(raw);
        assertNoSecret(all, written);
        // What DynamoDB must read stays plaintext.
        assertThat(raw.get("userId").s()).isEqualTo(written.getUserId());
        assertThat(raw.get("sessionId").s()).isEqualTo(written.getSessionId());
        assertThat(raw.get("status").s()).isEqualTo(written.getStatus());
        assertThat(raw.get("expiresAt").n()).isEqualTo(String.valueOf(written.getExpiresAt()));
        assertThat(raw.get("lastSeen").n()).isEqualTo(String.valueOf(written.getLastSeen()));
    }

    /** Asserts that none of {@code written}'s secrets occurs in {@code bytes}. */
    public static void assertNoSecret(byte[] bytes, Session written) {
        assertThat(contains(bytes, written.getToken())).as("token plaintext stored").isFalse();
        assertThat(contains(bytes, Session.TOKEN_MARK)).isFalse();
        assertThat(contains(bytes, Session.IP)).as("client IP plaintext stored").isFalse();
        assertThat(contains(bytes, Session.FINGERPRINT_MARK)).as("nested bean plaintext stored").isFalse();
        assertThat(contains(bytes, Session.LABEL_SECRET)).as("map document plaintext stored").isFalse();
    }

    /** Every name and value byte of {@code item}, strings as UTF-8, so a test can search them. */
    public static byte[] allBytes(Map<String, AttributeValue> item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        item.forEach((name, value) -> {
            out.writeBytes(name.getBytes(StandardCharsets.UTF_8));
            write(out, value);
        });
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, AttributeValue v) {
        if (v.s() != null) {
            out.writeBytes(v.s().getBytes(StandardCharsets.UTF_8));
        }
        if (v.n() != null) {
            out.writeBytes(v.n().getBytes(StandardCharsets.UTF_8));
        }
        if (v.b() != null) {
            out.writeBytes(v.b().asByteArray());
        }
        if (v.hasSs()) {
            v.ss().forEach(s -> out.writeBytes(s.getBytes(StandardCharsets.UTF_8)));
        }
        if (v.hasNs()) {
            v.ns().forEach(s -> out.writeBytes(s.getBytes(StandardCharsets.UTF_8)));
        }
        if (v.hasBs()) {
            v.bs().forEach(b -> out.writeBytes(b.asByteArray()));
        }
        if (v.hasL()) {
            v.l().forEach(e -> write(out, e));
        }
        if (v.hasM()) {
            v.m().forEach((k, e) -> {
                out.writeBytes(k.getBytes(StandardCharsets.UTF_8));
                write(out, e);
            });
        }
    }

    /** Whether {@code needle} occurs anywhere in {@code haystack}. */
    public static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
