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

    private static byte[] mac(Primitives p, byte[] key, boolean longLived, byte[] data) {
        p.macStart(key, longLived);
        p.macUpdate(data, 0, 2);
        p.macUpdate(data, 2, data.length - 2);
        return p.macFinish();
    }

    @Test
    void mac_longLivedKeysAlternatingOnOneThread_eachMatchesAFreshHmac() throws Exception {
        Primitives p = Primitives.get();
        byte[] data = "signed bytes".getBytes(StandardCharsets.US_ASCII);
        byte[][] keys = {key(1, 32), key(2, 32), key(1, 32), key(1, 48), key(2, 32), key(2, 32)};
        for (byte[] k : keys) {
            assertThat(mac(p, k, true, data)).isEqualTo(reference(k, data));
            assertThat(mac(p, k, false, data)).isEqualTo(reference(k, data));
        }
    }

    @Test
    void mac_keyArrayChangedInPlace_usesTheNewKey() throws Exception {
        Primitives p = Primitives.get();
        byte[] data = {1, 2, 3};
        byte[] k = key(5, 32);
        mac(p, k, true, data);
        k[0] ^= 1;
        assertThat(mac(p, k, true, data)).isEqualTo(reference(k, data));
    }

    @Test
    void mac_afterAnAbandonedMac_startsClean() throws Exception {
        Primitives p = Primitives.get();
        byte[] data = {4, 5, 6};
        byte[] k = key(6, 32);
        for (boolean longLived : new boolean[] {true, false}) {
            p.macStart(k, longLived);
            p.macUpdate(new byte[] {9, 9, 9, 9}, 0, 4);
            // abandoned: an item failed half-way
            assertThat(mac(p, k, longLived, data)).isEqualTo(reference(k, data));
        }
    }

    @Test
    void mac_interleavedWithHkdf_keepsItsOwnKey() throws Exception {
        Primitives p = Primitives.get();
        byte[] data = {9, 9, 9};
        byte[] k = key(7, 32);
        byte[] first = mac(p, k, true, data);
        p.hmac(key(8, 32), data, 0, data.length);
        p.expandStart(key(3, 32));
        p.expandBlock(null, "label".getBytes(StandardCharsets.US_ASCII), 1);
        assertThat(mac(p, k, true, data)).isEqualTo(first).isEqualTo(reference(k, data));
    }

    @Test
    void expand_dataKeysAlternatingOnOneThread_matchRfc5869Expand() throws Exception {
        Primitives p = Primitives.get();
        byte[] info = "coffer/2/keys-info".getBytes(StandardCharsets.US_ASCII);
        for (byte[] prk : new byte[][] {key(1, 32), key(2, 32), key(1, 32), key(1, 32)}) {
            p.expandStart(prk);
            byte[] t1 = p.expandBlock(null, info, 1);
            byte[] t2 = p.expandBlock(t1, info, 2);
            // RFC 5869: T(1) = HMAC(PRK, info || 0x01), T(2) = HMAC(PRK, T(1) || info || 0x02).
            assertThat(t1).isEqualTo(reference(prk, concat(info, new byte[] {1})));
            assertThat(t2).isEqualTo(reference(prk, concat(concat(t1, info), new byte[] {2})));
        }
    }

    @Test
    void gcmEncrypt_sameKeyAndNonceTwiceInARow_isRefused() {
        Primitives p = Primitives.get();
        javax.crypto.spec.SecretKeySpec k = new javax.crypto.spec.SecretKeySpec(key(4, 32), "AES");
        byte[] nonce = new byte[12];
        byte[] out = new byte[32];
        p.gcmEncrypt(k, nonce, new byte[0], 0, 0, new byte[4], 0, 4, out, 0);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> p.gcmEncrypt(k, nonce, new byte[0], 0, 0, new byte[4], 0, 4, out, 0))
                .isInstanceOf(Primitives.NonceReuseException.class);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
