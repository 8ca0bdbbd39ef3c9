package dev.coffer.enhanced.internal;

import dev.coffer.CryptoAction;
import dev.coffer.enhanced.Beacon;
import dev.coffer.enhanced.DoNothing;
import dev.coffer.enhanced.Encrypt;
import dev.coffer.enhanced.SignOnly;
import dev.coffer.enhanced.TimeToLive;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTag;

/**
 * The static factory methods {@code BeanTableSchema} and {@code ImmutableTableSchema} call (by the
 * name {@code attributeTagFor}, one overload per annotation) for properties carrying Coffer's
 * annotations. Not API.
 */
public final class BeanTags {
    private BeanTags() {
    }

    public static StaticAttributeTag attributeTagFor(Encrypt annotation) {
        return Tags.action(CryptoAction.ENCRYPT_AND_SIGN);
    }

    public static StaticAttributeTag attributeTagFor(SignOnly annotation) {
        return Tags.action(CryptoAction.SIGN_ONLY);
    }

    public static StaticAttributeTag attributeTagFor(DoNothing annotation) {
        return Tags.action(CryptoAction.DO_NOTHING);
    }

    public static StaticAttributeTag attributeTagFor(TimeToLive annotation) {
        return Tags.timeToLive();
    }

    public static StaticAttributeTag attributeTagFor(Beacon annotation) {
        return Tags.beacon(annotation.name(), annotation.bits(), annotation.transform(), annotation.index());
    }
}
