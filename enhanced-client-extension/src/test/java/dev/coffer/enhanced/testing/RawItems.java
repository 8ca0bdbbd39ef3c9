package dev.coffer.enhanced.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Looks at stored items as DynamoDB holds them. */
public final class RawItems {
    private RawItems() {
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
