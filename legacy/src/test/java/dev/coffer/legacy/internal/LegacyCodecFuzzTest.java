package dev.coffer.legacy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.coffer.legacy.testing.Vectors;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Fuzz targets for the legacy decoders that read bytes from storage: the attribute deserializer
 * (what a decrypted value is read with) and the material description parser (read before anything
 * is verified). Invariants: on any bytes, only {@link LegacyCodec.MalformedException} or a result;
 * a decoded value serializes again and reads back equal (the serialization is canonical after one
 * pass: sets sorted, numbers trimmed); a parsed description serializes back to a description that
 * parses equal. Corpus: {@code LegacyCodecFuzzTestInputs/} (every type, non-BMP strings, the
 * description shapes of each provider). In the normal build the corpus is replayed; see
 * docs/FUZZING.md for fuzzing with {@code JAZZER_FUZZ}.
 */
class LegacyCodecFuzzTest {

    @FuzzTest
    void deserialize(byte[] data) throws Exception {
        AttributeValue v;
        try {
            v = LegacyCodec.deserialize(data);
        } catch (LegacyCodec.MalformedException refused) {
            return;
        }
        byte[] again = LegacyCodec.serialize(v);
        assertThat(Vectors.canon(LegacyCodec.deserialize(again))).isEqualTo(Vectors.canon(v));
        assertThat(LegacyCodec.serialize(LegacyCodec.deserialize(again))).isEqualTo(again);
    }

    @FuzzTest
    void parseDescription(byte[] data) throws Exception {
        Map<String, String> d;
        try {
            d = LegacyCodec.parseDescription(data);
        } catch (LegacyCodec.MalformedException refused) {
            return;
        }
        assertThat(LegacyCodec.parseDescription(LegacyCodec.serializeDescription(new TreeMap<>(d)))).isEqualTo(d);
    }
}
