package dev.coffer.enhanced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ConfigurationException;
import dev.coffer.CryptoAction;
import dev.coffer.TableConfig;
import dev.coffer.beacon.BeaconConfig;
import dev.coffer.beacon.BeaconKeySource;
import dev.coffer.beacon.BeaconTransform;
import dev.coffer.beacon.StandardBeacon;
import dev.coffer.enhanced.beacons.Order;
import dev.coffer.enhanced.beacons.User;
import dev.coffer.enhanced.testing.Keys;
import dev.coffer.materials.SecretBytes;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/** How beacons are configured from annotations, tags and options, and what is refused. */
class BeaconConfigurationTest {
    private static final BeaconKeySource KEY = BeaconKeySource.local(SecretBytes.random(32));
    private final CofferExtension coffer = CofferExtension.builder().materialsProvider(Keys.staticProvider())
            .beaconKeySource(KEY).build();

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
    void beaconAnnotation_encryptedAttributeGetsSignedBeaconAndSchemaKnowsItsIndex() {
        TableSchema<User> schema = TableSchema.fromBean(User.class);

        TableConfig c = coffer.tableConfig("users", schema);

        BeaconConfig b = c.beacons().orElseThrow();
        assertThat(b.standardBeacons()).containsExactly(StandardBeacon.builder().attribute("email").bits(16)
                .transform(BeaconTransform.LOWER_CASE).build());
        assertThat(b.keySource()).isSameAs(KEY);
        assertThat(c.actionFor("email")).isEqualTo(CryptoAction.ENCRYPT_AND_SIGN);
        assertThat(c.actionFor("coffer_b_email")).isEqualTo(CryptoAction.SIGN_ONLY);
        assertThat(schema.tableMetadata().indexPartitionKey("email-index")).isEqualTo("coffer_b_email");
    }

    @Test
    void compoundBeaconAnnotation_isConfiguredAfterItsStandardBeacon() {
        TableConfig c = coffer.tableConfig("orders", TableSchema.fromBean(Order.class));

        assertThat(c.beacons().orElseThrow().compoundBeacons()).singleElement()
                .satisfies(cb -> assertThat(cb.toString()).contains("C-<beacon customer>", "D-<day>"));
        assertThat(c.actionFor("coffer_b_customer_day")).isEqualTo(CryptoAction.SIGN_ONLY);
    }

    @DynamoDbBean
    public static class BeaconOnSignOnly extends Base {
        private String status;

        @SignOnly
        @Beacon(bits = 8)
        public String getStatus() {
            return status;
        }

        public void setStatus(String status) {
            this.status = status;
        }
    }

    @Test
    void beaconOnSignOnlyAttribute_throwsConfigurationException() {
        assertThatThrownBy(() -> coffer.tableConfig("t", TableSchema.fromBean(BeaconOnSignOnly.class)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'status'")
                .hasMessageContaining("SIGN_ONLY").hasMessageContaining("table 't'");
    }

    @DynamoDbBean
    public static class TooLong extends Base {
        private String email;

        @Beacon(bits = 64)
        public String getEmail() {
            return email;
        }

        public void setEmail(String email) {
            this.email = email;
        }
    }

    @Test
    void bitsOutOfRange_failsWhenTheBeanSchemaIsBuilt() {
        assertThatThrownBy(() -> TableSchema.fromBean(TooLong.class))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("from 1 to 63, was 64");
    }

    @DynamoDbBean
    public static class SameName extends Base {
        private String email;
        private String phone;

        @Beacon(bits = 8, name = "contact")
        public String getEmail() {
            return email;
        }

        public void setEmail(String email) {
            this.email = email;
        }

        @Beacon(bits = 8, name = "contact")
        public String getPhone() {
            return phone;
        }

        public void setPhone(String phone) {
            this.phone = phone;
        }
    }

    @Test
    void twoBeaconsSharingName_throwsConfigurationException() {
        assertThatThrownBy(() -> coffer.tableConfig("t", TableSchema.fromBean(SameName.class)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("two beacons are named 'contact'");
    }

    @DynamoDbBean
    @CompoundBeacon(name = "cd", parts = @CompoundBeacon.Part(prefix = "C-", beacon = "customer"))
    public static class UnconfiguredPart extends Base {
        private String customer;

        public String getCustomer() {
            return customer;
        }

        public void setCustomer(String customer) {
            this.customer = customer;
        }
    }

    @Test
    void compoundPartWithoutItsBeacon_throwsConfigurationException() {
        assertThatThrownBy(() -> coffer.tableConfig("t", TableSchema.fromBean(UnconfiguredPart.class)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'customer'")
                .hasMessageContaining("not configured");
    }

    @Test
    void beaconsWithoutBeaconKey_throwsConfigurationExceptionSayingWhereToSetIt() {
        CofferExtension keyless = CofferExtension.create(Keys.staticProvider());

        assertThatThrownBy(() -> keyless.tableConfig("users", TableSchema.fromBean(User.class)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("beaconKeySource");
    }

    @Test
    void tableOptions_beaconKeyAndBeaconsForAnUnannotatedSchema() {
        BeaconKeySource own = BeaconKeySource.local(SecretBytes.random(32));
        CofferExtension e = CofferExtension.builder().materialsProvider(Keys.staticProvider())
                .table("orders", t -> t.beaconKeySource(own)
                        .addStandardBeacon(StandardBeacon.of("item", 12))
                        .addCompoundBeacon(dev.coffer.beacon.CompoundBeacon.builder().name("day_only")
                                .addSignedPart("D-", "day").build()))
                .build();

        TableConfig c = e.tableConfig("orders", TableSchema.fromBean(Order.class));

        BeaconConfig b = c.beacons().orElseThrow();
        assertThat(b.keySource()).isSameAs(own);
        assertThat(b.standardBeacons()).extracting(StandardBeacon::name).containsExactly("customer", "item");
        assertThat(b.compoundBeacons()).extracting(dev.coffer.beacon.CompoundBeacon::name)
                .containsExactly("customer_day", "day_only");
    }

    public static class Doc {
        private String id;
        private String email;
        private String day;

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getEmail() {
            return email;
        }

        public void setEmail(String email) {
            this.email = email;
        }

        public String getDay() {
            return day;
        }

        public void setDay(String day) {
            this.day = day;
        }
    }

    @Test
    void staticSchemaTags_configureStandardAndCompoundBeacons() {
        TableSchema<Doc> schema = StaticTableSchema.builder(Doc.class).newItemSupplier(Doc::new)
                .addAttribute(String.class, a -> a.name("id").getter(Doc::getId).setter(Doc::setId)
                        .tags(software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name("email").getter(Doc::getEmail).setter(Doc::setEmail)
                        .tags(CofferExtension.AttributeTags.beacon(20, BeaconTransform.TRIM_LOWER_CASE, "by-email")))
                .addAttribute(String.class, a -> a.name("day").getter(Doc::getDay).setter(Doc::setDay)
                        .tags(CofferExtension.AttributeTags.signOnly()))
                .tags(CofferExtension.TableTags.compoundBeacon(dev.coffer.beacon.CompoundBeacon.builder().name("email_day")
                        .addEncryptedPart("E-", "email").addSignedPart("D-", "day").build()))
                .build();

        TableConfig c = coffer.tableConfig("docs", schema);

        assertThat(c.beacons().orElseThrow().standardBeacon("email").orElseThrow().bits()).isEqualTo(20);
        assertThat(c.beacons().orElseThrow().compoundBeacon("email_day")).isPresent();
        assertThat(schema.tableMetadata().indexPartitionKey("by-email")).isEqualTo("coffer_b_email");
    }

    @DynamoDbBean
    public static class ReservedName extends Base {
        private String x;

        public String getCoffer_b_x() {
            return x;
        }

        public void setCoffer_b_x(String x) {
            this.x = x;
        }
    }

    @Test
    void schemaAttributeInBeaconNamespace_throwsConfigurationException() {
        assertThatThrownBy(() -> coffer.tableConfig("t", TableSchema.fromBean(ReservedName.class)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("reserved for beacons");
    }
}
