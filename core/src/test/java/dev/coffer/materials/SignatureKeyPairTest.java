package dev.coffer.materials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ConfigurationException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignatureKeyPairTest {
    private static final SignatureKeyPair PAIR = SignatureKeyPair.generate();

    @Test
    void publicKeyText_roundTrips_andIsTheCompressedPoint() {
        String text = PAIR.publicKeyText();
        ECPublicKey back = SignatureKeyPair.decodePublicKey(text);
        byte[] raw = Base64.getDecoder().decode(text);

        assertThat(text).hasSize(44);
        assertThat(raw[0]).isIn((byte) 2, (byte) 3);
        assertThat(back.getW()).isEqualTo(PAIR.publicKey().getW());
        assertThat(new BigInteger(1, Arrays.copyOfRange(raw, 1, 33))).isEqualTo(PAIR.publicKey().getW().getAffineX());
        assertThat(raw[0] == 3).isEqualTo(PAIR.publicKey().getW().getAffineY().testBit(0));
    }

    @Test
    void decodePublicKey_bothParities_manyKeys_roundTrip() {
        boolean[] seen = new boolean[2];
        for (int i = 0; i < 40; i++) {
            ECPublicKey k = SignatureKeyPair.generate().publicKey();
            seen[k.getW().getAffineY().testBit(0) ? 1 : 0] = true;
            assertThat(SignatureKeyPair.decodePublicKey(SignatureKeyPair.encodePublicKey(k)).getW()).isEqualTo(k.getW());
        }
        assertThat(seen).containsOnly(true);
    }

    @Test
    void decodePublicKey_notOnTheCurve_xNotBelowP_badPrefix_badBase64_areRefused() {
        byte[] raw = Base64.getDecoder().decode(PAIR.publicKeyText());
        BigInteger p = ((ECFieldFp) PAIR.publicKey().getParams().getCurve().getField()).getP();
        byte[] notOnCurve = null;
        for (int x = 1; notOnCurve == null; x++) {
            byte[] candidate = new byte[33];
            candidate[0] = 2;
            candidate[32] = (byte) x;
            try {
                SignatureKeyPair.decodeCompressed(candidate);
            } catch (IllegalArgumentException e) {
                if (e.getMessage().contains("not a point")) {
                    notOnCurve = candidate;
                }
            }
        }
        byte[] xIsP = new byte[33];
        xIsP[0] = 2;
        byte[] pb = p.toByteArray();
        System.arraycopy(pb, pb.length - 32, xIsP, 1, 32);
        byte[] prefix4 = raw.clone();
        prefix4[0] = 4;

        for (byte[] bad : new byte[][] {notOnCurve, xIsP, prefix4, Arrays.copyOf(raw, 32)}) {
            assertThatThrownBy(() -> SignatureKeyPair.decodeCompressed(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        String text = PAIR.publicKeyText();
        assertThatThrownBy(() -> SignatureKeyPair.decodePublicKey(text.substring(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignatureKeyPair.decodePublicKey("!" + text.substring(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp384r1", "secp521r1"})
    void otherCurves_areRefused(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        KeyPair other = g.generateKeyPair();

        assertThatThrownBy(() -> SignatureKeyPair.of(other)).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> SignatureKeyPair.checkPublicKey(other.getPublic())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("P-256");
    }

    @Test
    void of_keysThatDoNotBelongTogether_isRefused_matchingOnesAccepted() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair a = g.generateKeyPair();
        KeyPair b = g.generateKeyPair();

        assertThat(SignatureKeyPair.of(a).publicKey()).isEqualTo(a.getPublic());
        assertThatThrownBy(() -> SignatureKeyPair.of(new KeyPair(b.getPublic(), a.getPrivate())))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("does not belong");
    }

    @Test
    void toString_namesThePublicKeyOnly() {
        assertThat(PAIR.toString()).isEqualTo("SignatureKeyPair{publicKey=" + PAIR.publicKeyText() + "}");
    }
}
