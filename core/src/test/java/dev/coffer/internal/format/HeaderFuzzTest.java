package dev.coffer.internal.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.coffer.IntegrityException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target for the header parser ({@link Header#parse}, {@link Header#decode}): the one decoder
 * that reads attacker-chosen bytes before anything is authenticated.
 *
 * <p>Invariants: on any bytes, parsing either returns a header or throws {@link ByteReader.Malformed}
 * or {@link Header.UnknownVersion} (and then the public {@link Header#decode} throws
 * {@link IntegrityException}), never anything else; a parsed header re-encodes to exactly the bytes it
 * was parsed from (the layout is canonical, so a reader accepts one encoding per header). Without
 * {@code JAZZER_FUZZ} the target replays its corpus ({@code HeaderFuzzTestInputs/parse/}: headers
 * written by each provider, see {@link SeedCorpusFuzzTest}); docs/FUZZING.md says how to fuzz.
 *
 * <p>The plain tests feed crafted counts and lengths that a naive parser would allocate for.
 */
class HeaderFuzzTest {

    @FuzzTest
    void parse(byte[] data) {
        // Parse from a copy with the input alone in its array: the header keeps the array it was given.
        byte[] input = data.clone();
        Header h;
        try {
            h = Header.parse(input);
        } catch (ByteReader.Malformed | Header.UnknownVersion expected) {
            assertThatThrownBy(() -> Header.decode(data.clone())).isInstanceOf(IntegrityException.class);
            return;
        }
        assertThat(h.encodedLength()).isEqualTo(data.length);
        ByteBuf again = new ByteBuf(data.length);
        Header.writeBody(again, h.suite(), h.itemIdUnsafe(), h.description(), h.fingerprintsUnsafe(), h.legendSize(),
                h.encryptedCount());
        again.bytes(h.commitmentUnsafe());
        if (!Arrays.equals(again.toByteArray(), data)) {
            throw new AssertionError("header is not canonical: parsed " + hex(data) + ", re-encodes as "
                    + hex(again.toByteArray()));
        }
        Header viaDecode = Header.decode(data.clone());
        assertThat(viaDecode.legendSize()).isEqualTo(h.legendSize());
        assertThat(viaDecode.description()).isEqualTo(h.description());
    }

    // ---------------------------------------------------------------------------------------------
    // Crafted counts and lengths: each must be refused before anything is allocated for it.
    // ---------------------------------------------------------------------------------------------

    /** Version, suite, item id and the static provider's description with key id "k". */
    private static ByteArrayOutputStream prefix() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(Format.VERSION);
        o.write(Format.SUITE_HMAC);
        o.writeBytes(new byte[Format.ITEM_ID_BYTES]);
        o.write(6);
        o.writeBytes("static".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        o.write(1);
        o.write(1);
        o.write('k');
        o.write(0);
        o.write(0);
        return o;
    }

    private static void varint(ByteArrayOutputStream o, long v) {
        while ((v & ~0x7FL) != 0) {
            o.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        o.write((int) v);
    }

    @Test
    void parse_legendClaiming2pow31Entries_isMalformedWithoutAllocatingForThem() {
        ByteArrayOutputStream o = prefix();
        varint(o, 0x7FFF_FFFFL);
        varint(o, 1);
        o.writeBytes(new byte[64]);
        byte[] header = o.toByteArray();

        Allocation.Run run = Allocation.of(() -> Header.parse(header));

        assertThat(run.thrown).isInstanceOf(ByteReader.Malformed.class).hasMessageContaining("exceeds the header");
        assertThat(run.bytes).isLessThan(Allocation.SMALL);
    }

    @Test
    void parse_legendCountsSummingPast2pow31_isMalformed() {
        ByteArrayOutputStream o = prefix();
        varint(o, 0x7FFF_FFFFL);
        varint(o, 0x7FFF_FFFFL);
        o.writeBytes(new byte[40]);
        byte[] header = o.toByteArray();

        assertThatThrownBy(() -> Header.parse(header)).isInstanceOf(ByteReader.Malformed.class);
    }

    @Test
    void parse_legendCountOverFiveVarintBytes_isMalformed() {
        ByteArrayOutputStream o = prefix();
        o.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F});
        o.write(0);
        o.writeBytes(new byte[40]);
        byte[] header = o.toByteArray();

        assertThatThrownBy(() -> Header.parse(header)).isInstanceOf(ByteReader.Malformed.class)
                .hasMessageContaining("out of range");
    }

    @Test
    void parse_255KeyEntriesEachClaiming2GiBWrappedKey_isMalformedWithoutAllocatingForThem() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(Format.VERSION);
        o.write(Format.SUITE_HMAC);
        o.writeBytes(new byte[Format.ITEM_ID_BYTES]);
        o.write(7);
        o.writeBytes("wrapped".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        o.write(255);
        o.write(1);
        o.write('k');
        varint(o, 0x7FFF_FFFFL);
        o.writeBytes(new byte[100]);
        byte[] header = o.toByteArray();

        Allocation.Run run = Allocation.of(() -> Header.parse(header));

        assertThat(run.thrown).isInstanceOf(ByteReader.Malformed.class).hasMessageContaining("wrapped key");
        assertThat(run.bytes).isLessThan(Allocation.SMALL);
    }

    @Test
    void parse_parameterValueClaiming2GiB_isMalformedWithoutAllocatingForIt() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(Format.VERSION);
        o.write(Format.SUITE_HMAC);
        o.writeBytes(new byte[Format.ITEM_ID_BYTES]);
        o.write(7);
        o.writeBytes("wrapped".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        o.write(1);
        o.write(1);
        o.write('k');
        o.write(0);
        o.write(1);
        o.write(3);
        o.writeBytes("alg".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        varint(o, 0x7FFF_FFFFL);
        o.writeBytes(new byte[100]);
        byte[] header = o.toByteArray();

        Allocation.Run run = Allocation.of(() -> Header.parse(header));

        assertThat(run.thrown).isInstanceOf(ByteReader.Malformed.class).hasMessageContaining("parameter value");
        assertThat(run.bytes).isLessThan(Allocation.SMALL);
    }

    @Test
    void parse_tenThousandCraftedHeaders_allocateInProportionToTheirSize() {
        ByteArrayOutputStream o = prefix();
        varint(o, 0x7FFF_FFFFL);
        varint(o, 0);
        o.writeBytes(new byte[32]);
        byte[] header = o.toByteArray();
        Allocation.Run run = Allocation.of(() -> {
            for (int i = 0; i < 10_000; i++) {
                try {
                    Header.parse(header);
                    throw new AssertionError("parsed a header claiming 2^31 legend entries");
                } catch (ByteReader.Malformed expected) {
                    // The point is what it allocated on the way.
                }
            }
        });

        assertThat(run.thrown).isNull();
        // The item id copy, the description and the exception message: well under 2 KB a header.
        assertThat(run.bytes / 10_000).isLessThan(2_048);
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
