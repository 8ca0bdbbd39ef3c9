package dev.coffer.enhanced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;

import dev.coffer.ConfigurationException;
import dev.coffer.CryptoAction;
import dev.coffer.TableConfig;
import dev.coffer.enhanced.testing.Keys;
import dev.coffer.migration.LegacyPhase;
import dev.coffer.migration.PlaintextPhase;
import dev.coffer.enhanced.testing.Session;
import dev.coffer.materials.MaterialsProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.annotations.DynamoDbAtomicCounter;
import software.amazon.awssdk.enhanced.dynamodb.extensions.annotations.DynamoDbVersionAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbFlatten;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondarySortKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbVectorAttribute;
import software.amazon.awssdk.enhanced.dynamodb.model.DistanceFunction;

/**
 * How a table's configuration is derived from its schema, and which schemas are refused. No table
 * is touched: {@link CofferExtension#tableConfig} derives exactly what the first operation would.
 */
class ConfigurationTest {
    private final MaterialsProvider provider = Keys.staticProvider();
    private final CofferExtension coffer = CofferExtension.create(provider);

    private TableConfig config(Class<?> bean) {
        return coffer.tableConfig("t", TableSchema.fromBean(bean));
    }

    /** The partition key every test bean shares; BeanTableSchema maps inherited properties. */
    public abstract static class Base {
        private String id;

        @DynamoDbPartitionKey
        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }
    }

    @Test
    void sessionBean_keysStatusAndTtlSignOnly_lastSeenDoNothing_restEncrypted() {
        TableConfig c = coffer.tableConfig("sessions", TableSchema.fromBean(Session.class));

        assertThat(c.partitionKeyName()).isEqualTo("userId");
        assertThat(c.sortKeyName()).contains("sessionId");
        for (String signOnly : List.of("userId", "sessionId", "status", "expiresAt")) {
            assertThat(c.actionFor(signOnly)).as(signOnly).isEqualTo(CryptoAction.SIGN_ONLY);
        }
        assertThat(c.actionFor("lastSeen")).isEqualTo(CryptoAction.DO_NOTHING);
        for (String encrypted : List.of("token", "clientIp", "device", "previousDevices", "labels")) {
            assertThat(c.actionFor(encrypted)).as(encrypted).isEqualTo(CryptoAction.ENCRYPT_AND_SIGN);
        }
        assertThat(c.logicalTableName()).isEqualTo("sessions");
        assertThat(c.materialsProvider()).isSameAs(provider);
    }

    @DynamoDbBean
    public static class Indexed extends Base {
        private String region;
        private String created;
        private String secret;

        @DynamoDbSecondaryPartitionKey(indexNames = "by_region")
        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }

        @DynamoDbSecondarySortKey(indexNames = {"by_region", "lsi_created"})
        public String getCreated() {
            return created;
        }

        public void setCreated(String created) {
            this.created = created;
        }

        public String getSecret() {
            return secret;
        }

        public void setSecret(String secret) {
            this.secret = secret;
        }
    }

    @Test
    void indexKeys_withoutAnnotation_areSignOnlyAutomatically() {
        TableConfig c = config(Indexed.class);

        assertThat(c.actionFor("region")).isEqualTo(CryptoAction.SIGN_ONLY);
        assertThat(c.actionFor("created")).isEqualTo(CryptoAction.SIGN_ONLY);
        assertThat(c.actionFor("secret")).isEqualTo(CryptoAction.ENCRYPT_AND_SIGN);
    }

    @DynamoDbBean
    public static class EncryptedPartitionKey {
        private String id;

        @Encrypt
        @DynamoDbPartitionKey
        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }
    }

    @Test
    void encryptOnPartitionKey_throwsConfigurationExceptionSayingWhy() {
        assertThatThrownBy(() -> config(EncryptedPartitionKey.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("table 't'")
                .hasMessageContaining("'id' is the partition key and cannot be encrypted")
                .hasMessageContaining("DynamoDB must read key attributes");
    }

    @DynamoDbBean
    public static class EncryptedIndexKey extends Base {
        private String region;

        @Encrypt
        @DynamoDbSecondaryPartitionKey(indexNames = "by_region")
        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }
    }

    @Test
    void encryptOnIndexKey_throwsConfigurationExceptionNamingTheIndex() {
        assertThatThrownBy(() -> config(EncryptedIndexKey.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'region' is a key of index 'by_region'")
                .hasMessageContaining("cannot be encrypted");
    }

    @DynamoDbBean
    public static class UnsignedSortKey extends Base {
        private String sort;

        @DoNothing
        @DynamoDbSortKey
        public String getSort() {
            return sort;
        }

        public void setSort(String sort) {
            this.sort = sort;
        }
    }

    @Test
    void doNothingOnSortKey_throwsConfigurationException() {
        assertThatThrownBy(() -> config(UnsignedSortKey.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'sort' is the sort key and must be signed");
    }

    @DynamoDbBean
    public static class EncryptedTtl extends Base {
        private Long expires;

        @Encrypt
        @TimeToLive
        public Long getExpires() {
            return expires;
        }

        public void setExpires(Long expires) {
            this.expires = expires;
        }
    }

    @Test
    void encryptOnTimeToLive_throwsConfigurationException() {
        assertThatThrownBy(() -> config(EncryptedTtl.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'expires' is the time-to-live attribute")
                .hasMessageContaining("plaintext number");
    }

    @DynamoDbBean
    public static class StringTtl extends Base {
        private String expires;

        @TimeToLive
        public String getExpires() {
            return expires;
        }

        public void setExpires(String expires) {
            this.expires = expires;
        }
    }

    @Test
    void timeToLiveOnString_failsWhenTheBeanSchemaIsBuilt() {
        assertThatThrownBy(() -> TableSchema.fromBean(StringTtl.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'expires'")
                .hasMessageContaining("stored as S")
                .hasMessageContaining("epoch seconds");
    }

    @DynamoDbBean
    public static class TwoTtls extends Base {
        private Long a;
        private Long b;

        @TimeToLive
        public Long getA() {
            return a;
        }

        public void setA(Long a) {
            this.a = a;
        }

        @TimeToLive
        public Long getB() {
            return b;
        }

        public void setB(Long b) {
            this.b = b;
        }
    }

    @Test
    void twoTimeToLiveAttributes_throwConfigurationException() {
        assertThatThrownBy(() -> config(TwoTtls.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("[a, b] are all marked @TimeToLive");
    }

    @Test
    void timeToLiveOption_signsThatAttribute() {
        CofferExtension e = CofferExtension.builder().materialsProvider(provider)
                .table("t", o -> o.timeToLiveAttribute("a")).build();

        TableConfig c = e.tableConfig("t", TableSchema.fromBean(NoAnnotations.class));

        assertThat(c.actionFor("a")).isEqualTo(CryptoAction.SIGN_ONLY);
        assertThat(c.actionFor("b")).isEqualTo(CryptoAction.ENCRYPT_AND_SIGN);
    }

    @Test
    void timeToLiveOption_differentFromAnnotation_throws() {
        CofferExtension e = CofferExtension.builder().materialsProvider(provider)
                .table("t", o -> o.timeToLiveAttribute("expiresAt")).build();
        CofferExtension unknown = CofferExtension.builder().materialsProvider(provider)
                .table("t", o -> o.timeToLiveAttribute("nope")).build();
        CofferExtension string = CofferExtension.builder().materialsProvider(provider)
                .table("t", o -> o.timeToLiveAttribute("name")).build();

        assertThatThrownBy(() -> e.tableConfig("t", TableSchema.fromBean(EncryptedTtl.class)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("options name 'expiresAt'")
                .hasMessageContaining("marks 'expires' @TimeToLive");
        assertThatThrownBy(() -> unknown.tableConfig("t", TableSchema.fromBean(NoAnnotations.class)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'nope' is not an attribute of the table schema");
        assertThatThrownBy(() -> string.tableConfig("t", TableSchema.fromBean(NoAnnotations.class)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'name' is stored as S");
    }

    @Test
    void allowedUnsigned_unannotatedSchemaAttribute_isStillEncryptedAndSigned() {
        CofferExtension e = CofferExtension.builder().materialsProvider(provider)
                .table("t", o -> o.allowedUnsignedAttributes(List.of("name"))).build();

        TableConfig c = e.tableConfig("t", TableSchema.fromBean(NoAnnotations.class));

        assertThat(c.actionFor("name")).isEqualTo(CryptoAction.ENCRYPT_AND_SIGN);
        assertThat(c.acceptsUnsigned("name")).isTrue();
    }

    @Test
    void allowedUnsignedPrefix_coveringAnUnannotatedSchemaAttribute_isRefused() {
        CofferExtension e = CofferExtension.builder().materialsProvider(provider)
                .table("t", o -> o.allowedUnsignedPrefix("na")).build();

        assertThatThrownBy(() -> e.tableConfig("t", TableSchema.fromBean(NoAnnotations.class)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'name' is ENCRYPT_AND_SIGN").hasMessageContaining("allowedUnsignedPrefix 'na'");
    }

    @DynamoDbBean
    public static class NoAnnotations extends Base {
        private String name;
        private Long a;
        private Long b;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public Long getA() {
            return a;
        }

        public void setA(Long a) {
            this.a = a;
        }

        public Long getB() {
            return b;
        }

        public void setB(Long b) {
            this.b = b;
        }
    }

    @DynamoDbBean
    public static class Conflicting extends Base {
        private String note;

        @SignOnly
        @DoNothing
        public String getNote() {
            return note;
        }

        public void setNote(String note) {
            this.note = note;
        }
    }

    @Test
    void twoActionsOnOneAttribute_throwConfigurationException() {
        assertThatThrownBy(() -> config(Conflicting.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'note' is marked both")
                .hasMessageContaining("keep one");
    }

    @DynamoDbBean
    public static class Inner {
        private String visible;
        private String hidden;

        @SignOnly
        public String getVisible() {
            return visible;
        }

        public void setVisible(String visible) {
            this.visible = visible;
        }

        public String getHidden() {
            return hidden;
        }

        public void setHidden(String hidden) {
            this.hidden = hidden;
        }
    }

    @DynamoDbBean
    public static class WithAnnotatedNested extends Base {
        private Inner inner;

        public Inner getInner() {
            return inner;
        }

        public void setInner(Inner inner) {
            this.inner = inner;
        }
    }

    @DynamoDbBean
    public static class WithAnnotatedNestedList extends Base {
        private List<Inner> inners;

        public List<Inner> getInners() {
            return inners;
        }

        public void setInners(List<Inner> inners) {
            this.inners = inners;
        }
    }

    @Test
    void annotationInsideNestedBean_isRejectedNotIgnored() {
        assertThatThrownBy(() -> config(WithAnnotatedNested.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("attribute 'inner' holds a nested Inner")
                .hasMessageContaining("@SignOnly on 'visible'")
                .hasMessageContaining("@DynamoDbFlatten");
        assertThatThrownBy(() -> config(WithAnnotatedNestedList.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("attribute 'inners' holds a nested Inner");
    }

    @DynamoDbBean
    public static class WithFlattened extends Base {
        private Inner inner;

        @DynamoDbFlatten
        public Inner getInner() {
            return inner;
        }

        public void setInner(Inner inner) {
            this.inner = inner;
        }
    }

    @Test
    void annotationInsideFlattenedBean_isHonored() {
        TableConfig c = config(WithFlattened.class);

        assertThat(c.actionFor("visible")).isEqualTo(CryptoAction.SIGN_ONLY);
        assertThat(c.actionFor("hidden")).isEqualTo(CryptoAction.ENCRYPT_AND_SIGN);
    }

    @DynamoDbBean
    public static class Versioned extends Base {
        private Long version;
        private Long counter;

        @DynamoDbVersionAttribute
        public Long getVersion() {
            return version;
        }

        public void setVersion(Long version) {
            this.version = version;
        }

        @DynamoDbAtomicCounter
        public Long getCounter() {
            return counter;
        }

        public void setCounter(Long counter) {
            this.counter = counter;
        }
    }

    @Test
    void versionAttributeSignOnly_atomicCounterDoNothing() {
        TableConfig c = config(Versioned.class);

        assertThat(c.actionFor("version")).isEqualTo(CryptoAction.SIGN_ONLY);
        assertThat(c.actionFor("counter")).isEqualTo(CryptoAction.DO_NOTHING);
    }

    @DynamoDbBean
    public static class EncryptedVersion extends Base {
        private Long version;

        @Encrypt
        @DynamoDbVersionAttribute
        public Long getVersion() {
            return version;
        }

        public void setVersion(Long version) {
            this.version = version;
        }
    }

    @DynamoDbBean
    public static class SignedCounter extends Base {
        private Long counter;

        @SignOnly
        @DynamoDbAtomicCounter
        public Long getCounter() {
            return counter;
        }

        public void setCounter(Long counter) {
            this.counter = counter;
        }
    }

    @Test
    void encryptedVersionOrSignedCounter_throwConfigurationException() {
        assertThatThrownBy(() -> config(EncryptedVersion.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'version' is the version attribute");
        assertThatThrownBy(() -> config(SignedCounter.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'counter' is an atomic counter")
                .hasMessageContaining("Remove @SignOnly");
    }

    @DynamoDbBean
    public static class Embedded extends Base {
        private List<Float> embedding;
        private List<Float> secretEmbedding;

        @DynamoDbVectorAttribute(indexName = "similar", dimensions = 3, distanceFunction = DistanceFunction.COSINE)
        public List<Float> getEmbedding() {
            return embedding;
        }

        public void setEmbedding(List<Float> embedding) {
            this.embedding = embedding;
        }

        public List<Float> getSecretEmbedding() {
            return secretEmbedding;
        }

        public void setSecretEmbedding(List<Float> secretEmbedding) {
            this.secretEmbedding = secretEmbedding;
        }
    }

    @DynamoDbBean
    public static class EncryptedEmbedding extends Base {
        private List<Float> embedding;

        @Encrypt
        @DynamoDbVectorAttribute(indexName = "similar", dimensions = 3, distanceFunction = DistanceFunction.COSINE)
        public List<Float> getEmbedding() {
            return embedding;
        }

        public void setEmbedding(List<Float> embedding) {
            this.embedding = embedding;
        }
    }

    @Test
    void vectorIndexAttribute_isSignOnly_encryptingItIsRefused() {
        assertThat(config(Embedded.class).actionFor("embedding")).isEqualTo(CryptoAction.SIGN_ONLY);
        assertThat(config(Embedded.class).actionFor("secretEmbedding")).isEqualTo(CryptoAction.ENCRYPT_AND_SIGN);
        assertThatThrownBy(() -> config(EncryptedEmbedding.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'embedding' is the vector of vector index 'similar'");
    }

    @DynamoDbBean
    public static class Reserved extends Base {
        private String head;

        @software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbAttribute("coffer_head")
        public String getHead() {
            return head;
        }

        public void setHead(String head) {
            this.head = head;
        }
    }

    @Test
    void attributeNamedLikeCofferHeader_throwsConfigurationException() {
        assertThatThrownBy(() -> config(Reserved.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'coffer_head' is reserved");
    }

    @DynamoDbBean
    @LogicalTableName("sessions-logical")
    public static class Logical extends Base {
    }

    @Test
    void logicalTableName_fromAnnotation_overriddenByTableOption() {
        CofferExtension overriding = CofferExtension.builder().materialsProvider(provider)
                .table("t", o -> o.logicalTableName("from-options")).build();

        assertThat(config(Logical.class).logicalTableName()).isEqualTo("sessions-logical");
        assertThat(overriding.tableConfig("t", TableSchema.fromBean(Logical.class)).logicalTableName())
                .isEqualTo("from-options");
        assertThat(config(NoAnnotations.class).logicalTableName()).isEqualTo("t");
    }

    /** A plain class mapped by a static schema. */
    public static class Plain {
        private String id;
        private String status;
        private String note;
        private Long expires;
        private String secret;

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getStatus() {
            return status;
        }

        public void setStatus(String status) {
            this.status = status;
        }

        public String getNote() {
            return note;
        }

        public void setNote(String note) {
            this.note = note;
        }

        public Long getExpires() {
            return expires;
        }

        public void setExpires(Long expires) {
            this.expires = expires;
        }

        public String getSecret() {
            return secret;
        }

        public void setSecret(String secret) {
            this.secret = secret;
        }
    }

    static StaticTableSchema<Plain> plainSchema() {
        return StaticTableSchema.builder(Plain.class)
                .newItemSupplier(Plain::new)
                .addAttribute(String.class, a -> a.name("id").getter(Plain::getId).setter(Plain::setId)
                        .tags(primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name("status").getter(Plain::getStatus).setter(Plain::setStatus)
                        .tags(CofferExtension.AttributeTags.signOnly(), secondaryPartitionKey("by_status")))
                .addAttribute(String.class, a -> a.name("note").getter(Plain::getNote).setter(Plain::setNote)
                        .tags(CofferExtension.AttributeTags.doNothing()))
                .addAttribute(Long.class, a -> a.name("expires").getter(Plain::getExpires).setter(Plain::setExpires)
                        .tags(CofferExtension.AttributeTags.timeToLive()))
                .addAttribute(String.class, a -> a.name("secret").getter(Plain::getSecret).setter(Plain::setSecret)
                        .tags(CofferExtension.AttributeTags.encrypt()))
                .tags(CofferExtension.TableTags.logicalTableName("plain-logical"))
                .build();
    }

    @Test
    void staticSchemaTags_giveTheSameSettingsAsAnnotations() {
        TableConfig c = coffer.tableConfig("t", plainSchema());

        assertThat(c.actionFor("status")).isEqualTo(CryptoAction.SIGN_ONLY);
        assertThat(c.actionFor("note")).isEqualTo(CryptoAction.DO_NOTHING);
        assertThat(c.actionFor("expires")).isEqualTo(CryptoAction.SIGN_ONLY);
        assertThat(c.actionFor("secret")).isEqualTo(CryptoAction.ENCRYPT_AND_SIGN);
        assertThat(c.logicalTableName()).isEqualTo("plain-logical");
    }

    @Test
    void staticSchemaTimeToLiveTagOnString_failsWhenTheSchemaIsBuilt() {
        assertThatThrownBy(() -> StaticTableSchema.builder(Plain.class)
                .newItemSupplier(Plain::new)
                .addAttribute(String.class, a -> a.name("id").getter(Plain::getId).setter(Plain::setId)
                        .tags(primaryPartitionKey(), CofferExtension.AttributeTags.timeToLive()))
                .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'id'");
    }

    @Test
    void perTableProvider_isUsedForThatTable_defaultForOthers() {
        MaterialsProvider wrapped = Keys.wrappedProvider();
        CofferExtension e = CofferExtension.builder().materialsProvider(provider)
                .table("special", o -> o.materialsProvider(wrapped)).build();

        assertThat(e.tableConfig("special", TableSchema.fromBean(Session.class)).materialsProvider()).isSameAs(wrapped);
        assertThat(e.tableConfig("other", TableSchema.fromBean(Session.class)).materialsProvider()).isSameAs(provider);
    }

    @Test
    void noProviderAnywhere_failsAtBuildOrFirstUse() {
        assertThatThrownBy(() -> CofferExtension.builder().build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("materialsProvider");
        assertThatThrownBy(() -> CofferExtension.builder().table("t", o -> o.logicalTableName("x")).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("table 't': no materials provider");
        CofferExtension onlyOne = CofferExtension.builder()
                .table("known", o -> o.materialsProvider(provider)).build();
        assertThatThrownBy(() -> onlyOne.tableConfig("unknown", TableSchema.fromBean(Session.class)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("table 'unknown': no materials provider");
    }

    @Test
    void toBuilder_keepsDefaultProviderAndTableOptions() {
        CofferExtension e = CofferExtension.builder().materialsProvider(provider)
                .table("t", o -> o.logicalTableName("kept")).build();

        CofferExtension copy = e.toBuilder().build();

        assertThat(copy.tableConfig("t", TableSchema.fromBean(NoAnnotations.class)).logicalTableName()).isEqualTo("kept");
        assertThat(copy.tableConfig("u", TableSchema.fromBean(NoAnnotations.class)).materialsProvider()).isSameAs(provider);
    }

    @Test
    void tableOptions_rejectEmptyValues() {
        assertThatThrownBy(() -> TableOptions.builder().logicalTableName("").build())
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> TableOptions.builder().timeToLiveAttribute("").build())
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> TableOptions.builder().allowedUnsignedPrefix("").build())
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> TableOptions.builder().plaintextPhase(null).build())
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> TableOptions.builder().legacyPhase(LegacyPhase.READ_LEGACY_WRITE_COFFER).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("legacyReader");
        TableOptions o = TableOptions.builder().plaintextPhase(PlaintextPhase.WRITE_ENCRYPTED_READ_BOTH)
                .legacyPhase(LegacyPhase.COFFER_ONLY).allowedUnsignedPrefix("x_").build();
        assertThat(o.toBuilder().build().settings().plaintextPhase()).isEqualTo(PlaintextPhase.WRITE_ENCRYPTED_READ_BOTH);
        assertThat(o.toBuilder().build().settings().legacyPhase()).isEqualTo(LegacyPhase.COFFER_ONLY);
        assertThat(o.toBuilder().build().settings().allowedUnsignedPrefix()).contains("x_");
    }

    @Test
    void tableOptions_settings_areCheckedAsTableConfigChecksThem() {
        // One declaration, one check (core's TableSettings): the options refuse what TableConfig refuses,
        // before any schema is known.
        assertThatThrownBy(() -> TableOptions.builder().addAllowedUnsignedAttribute("coffer_sig").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> TableOptions.builder().allowedUnsignedPrefix("coffer_b").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("beacon prefix");
        assertThatThrownBy(() -> TableOptions.builder().acceptHmacOnlyItems(true).build())
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("table options: acceptHmacOnlyItems(true)");
        assertThatThrownBy(() -> TableOptions.builder().algorithmSuite(null))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void tableOptions_everySetting_reachesTheTableConfig() {
        dev.coffer.migration.LegacyReader reader = new dev.coffer.migration.LegacyReader() {
            @Override
            public boolean recognizes(java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
                return false;
            }

            @Override
            public java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> decrypt(
                    java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item, TableConfig table) {
                throw new UnsupportedOperationException("never called: no item is read");
            }

            @Override
            public java.util.Set<String> reservedAttributes() {
                return java.util.Set.of("legacy_sig");
            }

            @Override
            public String formatName() {
                return "test format";
            }
        };
        CofferExtension e = CofferExtension.builder().materialsProvider(provider)
                .table("t", t -> t.algorithmSuite(dev.coffer.AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256)
                        .acceptHmacOnlyItems(true).addAllowedUnsignedAttribute("extra").allowedUnsignedPrefix("x_")
                        .legacyReader(reader).legacyPhase(LegacyPhase.READ_LEGACY_WRITE_COFFER)
                        .plaintextPhase(PlaintextPhase.WRITE_PLAINTEXT_READ_BOTH).logicalTableName("logical"))
                .build();

        TableConfig config = e.tableConfig("t", TableSchema.fromBean(NoAnnotations.class));

        dev.coffer.TableSettings s = config.settings();
        assertThat(s.algorithmSuite()).isEqualTo(dev.coffer.AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256);
        assertThat(s.acceptsHmacOnlyItems()).isTrue();
        assertThat(s.allowedUnsignedAttributes()).containsExactly("extra");
        assertThat(s.allowedUnsignedPrefix()).contains("x_");
        assertThat(s.legacyReader()).containsSame(reader);
        assertThat(s.legacyPhase()).isEqualTo(LegacyPhase.READ_LEGACY_WRITE_COFFER);
        assertThat(s.plaintextPhase()).isEqualTo(PlaintextPhase.WRITE_PLAINTEXT_READ_BOTH);
        assertThat(config.logicalTableName()).isEqualTo("logical");
        assertThat(config.materialsProvider()).isSameAs(provider);
    }

    @Test
    void tableConfig_derivedOncePerTableAndSchema_evenUnderConcurrentFirstUse() throws Exception {
        CofferExtension fresh = CofferExtension.create(provider);
        TableSchema<Session> schema = TableSchema.fromBean(Session.class);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        Set<TableConfig> seen = ConcurrentHashMap.newKeySet();
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int j = 0; j < 200; j++) {
                        seen.add(fresh.tableConfig("sessions", schema));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(seen).hasSize(1);
        assertThat(fresh.tableConfig("other", schema)).isNotSameAs(seen.iterator().next());
    }
}
