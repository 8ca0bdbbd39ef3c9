package dev.coffer.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Fuzz targets for the canonical value decoder ({@link ValueCodec#decode}), in the open form an
 * attribute's own value has and in the delimited form of list and map elements.
 *
 * <p>Invariants: on any bytes, decoding returns a value or throws {@link ByteReader.Malformed} or
 * {@link InvalidValue}, never anything else, and never reads outside its slice (the input is decoded
 * from the middle of a larger array); a decoded value is one the encoder accepts, and it re-encodes
 * to exactly the decoded bytes (the encoding is canonical: one encoding per value). Corpora under
 * {@code ValueCodecFuzzTestInputs/}: the canonical encodings of every DynamoDB type, see
 * {@link SeedCorpusFuzzTest}.
 *
 * <p>The plain tests feed crafted counts and nesting that a naive decoder would allocate or recurse
 * for, and bound what decoding allocates against the input's size.
 */
class ValueCodecFuzzTest {
    /** Bytes around the slice; never part of a value. */
    private static final int PAD = 3;

    @FuzzTest
    void decodeOpen(byte[] data) {
        AttributeValue v = decodeSlice(data);
        if (v != null) {
            assertReencodes(v, data, false);
        }
    }

    /**
     * The input is one element of a list: {@code 21 01} (a list of one) then the element in delimited
     * form.
     */
    @FuzzTest
    void decodeDelimited(byte[] data) {
        byte[] list = new byte[data.length + 2];
        list[0] = ValueCodec.T_L;
        list[1] = 1;
        System.arraycopy(data, 0, list, 2, data.length);
        AttributeValue v = decodeSlice(list);
        if (v != null) {
            assertThat(v.l()).hasSize(1);
            assertReencodes(v, list, true);
        }
    }

    /** Decodes {@code data} placed between padding; null if it is refused as it should be. */
    private static AttributeValue decodeSlice(byte[] data) {
        byte[] framed = new byte[data.length + 2 * PAD];
        Arrays.fill(framed, (byte) 0xFF);
        System.arraycopy(data, 0, framed, PAD, data.length);
        try {
            return ValueCodec.decode(framed, PAD, data.length);
        } catch (ByteReader.Malformed | InvalidValue refused) {
            return null;
        }
    }

    private static void assertReencodes(AttributeValue v, byte[] data, boolean delimited) {
        ByteBuf again = new ByteBuf(data.length + 8);
        try {
            ValueCodec.encode(v, again);
        } catch (InvalidValue e) {
            throw new AssertionError("decoded " + hex(data) + " (" + (delimited ? "delimited" : "open")
                    + ") to a value the encoder refuses: " + e.getMessage(), e);
        }
        if (!Arrays.equals(again.toByteArray(), data)) {
            throw new AssertionError("not canonical: decoded " + hex(data) + ", re-encodes as " + hex(again.toByteArray()));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Crafted counts, lengths and nesting.
    // ---------------------------------------------------------------------------------------------

    private static final int MAX_COUNT = 0x7FFF_FFFF;

    /** {@code tag}, then varint(count), then {@code rest} zero bytes. */
    private static byte[] claiming(int tag, int count, int rest) {
        ByteBuf b = new ByteBuf(16 + rest);
        b.u8(tag);
        b.varint(count);
        b.skip(rest);
        return b.toByteArray();
    }

    private static Allocation.Run decode(byte[] b) {
        return Allocation.of(() -> ValueCodec.decode(b, 0, b.length));
    }

    @Test
    void decode_setsAndContainersClaiming2pow31Members_areMalformedWithoutAllocatingForThem() {
        for (int tag : new int[] {ValueCodec.T_SS, ValueCodec.T_NS, ValueCodec.T_BS, ValueCodec.T_L, ValueCodec.T_M}) {
            Allocation.Run run = decode(claiming(tag, MAX_COUNT, 64));

            assertThat(run.thrown).as("tag %02x", tag).isInstanceOf(ByteReader.Malformed.class)
                    .hasMessageContaining("exceeds the bytes left");
            assertThat(run.bytes).as("tag %02x", tag).isLessThan(Allocation.SMALL);
        }
    }

    @Test
    void decode_delimitedLengthsClaiming2GiB_areMalformedWithoutAllocatingForThem() {
        // A list of one string, number or binary whose length says 2^31 - 1.
        for (int tag : new int[] {ValueCodec.T_S, ValueCodec.T_N, ValueCodec.T_B}) {
            ByteBuf b = new ByteBuf(64);
            b.u8(ValueCodec.T_L);
            b.varint(1);
            b.u8(tag);
            b.varint(MAX_COUNT);
            b.skip(32);
            byte[] input = b.toByteArray();

            Allocation.Run run = decode(input);

            assertThat(run.thrown).as("tag %02x", tag).isInstanceOf(ByteReader.Malformed.class)
                    .hasMessageContaining("runs past the end");
            assertThat(run.bytes).as("tag %02x", tag).isLessThan(Allocation.SMALL);
        }
    }

    @Test
    void decode_listsNestedAMillionDeep_areMalformedAtTheNestingLimitWithoutRecursingFurther() {
        byte[] deep = new byte[2_000_001];
        for (int i = 0; i < 1_000_000; i++) {
            deep[2 * i] = ValueCodec.T_L;
            deep[2 * i + 1] = 1;
        }
        deep[deep.length - 1] = ValueCodec.T_NULL;

        Allocation.Run run = decode(deep);

        assertThat(run.thrown).isInstanceOf(ByteReader.Malformed.class).hasMessageContaining("nested lists or maps");
        assertThat(run.bytes).isLessThan(Allocation.SMALL);
    }

    @Test
    void decode_mapsNestedAMillionDeep_areMalformedAtTheNestingLimit() {
        ByteBuf b = new ByteBuf(4_000_001);
        for (int i = 0; i < 1_000_000; i++) {
            b.u8(ValueCodec.T_M);
            b.varint(1);
            b.u8(1);
            b.u8('k');
        }
        b.u8(ValueCodec.T_NULL);
        byte[] deep = b.toByteArray();

        Allocation.Run run = decode(deep);

        assertThat(run.thrown).isInstanceOf(ByteReader.Malformed.class).hasMessageContaining("nested lists or maps");
        assertThat(run.bytes).isLessThan(Allocation.SMALL);
    }

    @Test
    void decode_tenThousandCraftedValues_allocateInProportionToTheirSize() {
        byte[][] crafted = {
            claiming(ValueCodec.T_SS, MAX_COUNT, 8),
            claiming(ValueCodec.T_L, MAX_COUNT, 8),
            claiming(ValueCodec.T_M, MAX_COUNT, 8),
            claiming(ValueCodec.T_NS, 1 << 20, 8),
        };
        Allocation.Run run = Allocation.of(() -> {
            for (int i = 0; i < 10_000; i++) {
                byte[] b = crafted[i % crafted.length];
                try {
                    ValueCodec.decode(b, 0, b.length);
                    throw new AssertionError("decoded " + hex(b));
                } catch (ByteReader.Malformed expected) {
                    // The point is what it allocated on the way.
                }
            }
        });

        assertThat(run.thrown).isNull();
        assertThat(run.bytes / 10_000).isLessThan(1_024);
    }

    /**
     * Counts are checked against the bytes left, but every enclosing list's count was checked
     * against the same bytes: lists inside one another, each claiming as many elements as the bytes
     * left could hold, must not each allocate for their claim.
     */
    @Test
    void decode_nestedListsEachClaimingTheRemainingBytes_allocateInProportionToTheInput() {
        int size = 64 * 1024;
        ByteBuf b = new ByteBuf(size);
        for (int depth = 0; depth < Format.MAX_CONTAINER_DEPTH; depth++) {
            b.u8(ValueCodec.T_L);
            // Leave room for the deeper headers: 3 bytes each at most.
            b.varint(size - b.size() - 3 * (Format.MAX_CONTAINER_DEPTH - depth));
        }
        // Elements run out long before the claims are met.
        b.u8(ValueCodec.T_NULL);
        while (b.size() < size) {
            b.u8(0xEE);
        }
        byte[] input = b.toByteArray();

        Allocation.Run run = decode(input);

        assertThat(run.thrown).isInstanceOf(ByteReader.Malformed.class);
        assertThat(run.bytes).as("bytes allocated to refuse a %d-byte value", input.length)
                .isLessThan(8L * input.length + Allocation.SMALL);
    }

    /** The same with maps, whose entries cost two arrays' slots each. */
    @Test
    void decode_nestedMapsEachClaimingTheRemainingBytes_allocateInProportionToTheInput() {
        int size = 64 * 1024;
        ByteBuf b = new ByteBuf(size);
        for (int depth = 0; depth < Format.MAX_CONTAINER_DEPTH; depth++) {
            b.u8(ValueCodec.T_M);
            b.varint((size - b.size() - 8 * (Format.MAX_CONTAINER_DEPTH - depth)) / 3);
            b.u8(1);
            b.u8('k');
        }
        b.u8(ValueCodec.T_NULL);
        while (b.size() < size) {
            b.u8(0xEE);
        }
        byte[] input = b.toByteArray();

        Allocation.Run run = decode(input);

        assertThat(run.thrown).isInstanceOf(ByteReader.Malformed.class);
        assertThat(run.bytes).as("bytes allocated to refuse a %d-byte value", input.length)
                .isLessThan(8L * input.length + Allocation.SMALL);
    }

    private static String hex(byte[] b) {
        return b.length > 256 ? HexFormat.of().formatHex(b, 0, 256) + "... (" + b.length + " bytes)"
                : HexFormat.of().formatHex(b);
    }
}
