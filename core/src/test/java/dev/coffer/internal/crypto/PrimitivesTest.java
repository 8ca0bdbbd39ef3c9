package dev.coffer.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PrimitivesTest {

    private static byte[] reference(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] key(int fill, int length) {
        byte[] k = new byte[length];
        java.util.Arrays.fill(k, (byte) fill);
        return k;
    }

    @Test
    void sign_keysAlternatingOnOneThread_eachMatchesAFreshHmac() throws Exception {
        Primitives p = Primitives.get();
        byte[] data = "signed bytes".getBytes(StandardCharsets.US_ASCII);
        byte[][] keys = {key(1, 32), key(2, 32), key(1, 32), key(1, 48), key(2, 32), key(2, 32)};
        for (byte[] k : keys) {
            assertThat(p.sign(k, data, 0, data.length)).isEqualTo(reference(k, data));
        }
    }

    @Test
    void sign_keyArrayChangedInPlace_usesTheNewKey() throws Exception {
        Primitives p = Primitives.get();
        byte[] data = {1, 2, 3};
        byte[] k = key(5, 32);
        p.sign(k, data, 0, data.length);
        k[0] ^= 1;
        assertThat(p.sign(k, data, 0, data.length)).isEqualTo(reference(k, data));
    }

    @Test
    void sign_interleavedWithHkdfAndHmac_keepsItsOwnKey() throws Exception {
        Primitives p = Primitives.get();
        byte[] data = {9, 9, 9};
        byte[] k = key(7, 32);
        byte[] first = p.sign(k, data, 0, data.length);
        p.hmac(key(8, 32), data, 0, data.length);
        p.hkdfExpandKey(key(3, 32));
        p.hkdfExpandNext("label".getBytes(StandardCharsets.US_ASCII), 1);
        assertThat(p.sign(k, data, 0, data.length)).isEqualTo(first).isEqualTo(reference(k, data));
    }
}
