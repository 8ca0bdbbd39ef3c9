package dev.coffer.spring;

import dev.coffer.ConfigurationException;
import dev.coffer.SkippedItemListener;
import dev.coffer.enhanced.CofferExtension;
import dev.coffer.enhanced.TableOptions;
import dev.coffer.keyring.KeyringFile;
import dev.coffer.kms.KmsProvider;
import dev.coffer.materials.CachingProvider;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.migration.LegacyReader;
import dev.coffer.mostrecent.MetaStore;
import dev.coffer.mostrecent.MostRecentProvider;
import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.dynamodb.DynamoDbAutoConfiguration;
import io.awspring.cloud.autoconfigure.dynamodb.DynamoDbClientCustomizer;
import io.awspring.cloud.dynamodb.DynamoDbTableNameResolver;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.AtomicCounterExtension;
import software.amazon.awssdk.enhanced.dynamodb.extensions.VersionedRecordExtension;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;

/**
 * Coffer for Spring Boot with Spring Cloud AWS: a materials provider from the {@code coffer.*}
 * properties, a {@link CofferExtension}, and the application's {@link DynamoDbEnhancedClient} with
 * that extension, so Spring Cloud AWS's {@code DynamoDbTemplate} (and any code using the enhanced
 * client bean) encrypts on write and verifies on read unchanged. At start-up every
 * {@link TableSchema} bean is checked against Coffer's rules and a misconfiguration stops the
 * application with Coffer's message. Every bean backs off if the application defines its own.
 *
 * <p>Runs before Spring Cloud AWS's DynamoDB auto-configuration (so its enhanced client is not
 * made) and after its region and credentials configuration (whose beans the KMS client uses).
 *
 * <p>Thread-safety: the beans it creates are thread-safe (see each type).
 */
@AutoConfiguration(before = DynamoDbAutoConfiguration.class,
        after = {CredentialsProviderAutoConfiguration.class, RegionProviderAutoConfiguration.class})
@ConditionalOnClass({CofferExtension.class, DynamoDbEnhancedClient.class, DynamoDbClient.class})
@ConditionalOnProperty(prefix = "coffer", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(CofferProperties.class)
public class CofferAutoConfiguration {
    private static MaterialsProvider keyring(CofferProperties.Keyring keyring) {
        try {
            return KeyringFile.read(keyring.getFile(), "set coffer.keyring.allow-insecure-file=true",
                    keyring.isAllowInsecureFile() ? LOG::warn : null).toProvider();
        } catch (ConfigurationException e) {
            throw e.withContext("coffer.keyring.file: ");
        }
    }

    private static final Log LOG = LogFactory.getLog(CofferAutoConfiguration.class);

    /**
     * The KMS client of the KMS and most-recent providers: Spring Cloud AWS's credentials and region
     * (its {@code AwsClientBuilderConfigurer}), then {@code coffer.kms.region} and
     * {@code coffer.kms.endpoint} if set. Not made when the application has its own
     * {@link MaterialsProvider} (or {@link KmsClient}) bean, or uses a keyring file.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean({KmsClient.class, MaterialsProvider.class})
    @Conditional(UsesKms.class)
    public KmsClient cofferKmsClient(CofferProperties properties, ObjectProvider<AwsClientBuilderConfigurer> configurer) {
        KmsClientBuilder builder = KmsClient.builder();
        AwsClientBuilderConfigurer c = configurer.getIfAvailable();
        if (c != null) {
            builder = c.configure(builder);
        }
        CofferProperties.Kms kms = properties.getKms();
        if (kms.getRegion() != null) {
            builder.region(Region.of(kms.getRegion()));
        }
        if (kms.getEndpoint() != null) {
            builder.endpointOverride(kms.getEndpoint());
        }
        return builder.build();
    }

    /** The provider the properties describe (see {@link CofferProperties.ProviderType}). */
    @Bean
    @ConditionalOnMissingBean
    public MaterialsProvider cofferMaterialsProvider(CofferProperties properties, ObjectProvider<KmsClient> kmsClient,
            ObjectProvider<DynamoDbClient> dynamoDb) {
        switch (properties.resolvedProvider()) {
            case KEYRING:
                if (properties.getKeyring().getFile() == null) {
                    throw new ConfigurationException("coffer.provider=keyring needs coffer.keyring.file");
                }
                return keyring(properties.getKeyring());
            case MOST_RECENT:
                return mostRecent(properties, kmsProvider(properties, kmsClient), dynamoDb);
            case KMS:
            default:
                KmsProvider kms = kmsProvider(properties, kmsClient);
                if (!properties.getCache().isEnabled()) {
                    return kms;
                }
                CofferProperties.Cache cache = properties.getCache();
                return wrap("coffer.cache", () -> CachingProvider.builder().provider(kms).maxAge(cache.getMaxAge())
                        .maxItemsPerKey(cache.getMaxItemsPerKey()).maxEntries(cache.getMaxEntries()).build());
        }
    }

    private static KmsProvider kmsProvider(CofferProperties properties, ObjectProvider<KmsClient> kmsClient) {
        CofferProperties.Kms kms = properties.getKms();
        boolean discovery = !kms.getDiscovery().getAccounts().isEmpty();
        if (kms.getKeyArn() == null && kms.getDecryptionKeyArns().isEmpty() && !discovery) {
            throw new ConfigurationException("Coffer has no keys configured: set coffer.kms.key-arn to a KMS key ARN, "
                    + "or coffer.keyring.file to a keyring from 'coffer keygen' (development), or define a "
                    + "MaterialsProvider bean; see docs/spring-boot.md");
        }
        KmsClient client = kmsClient.getIfAvailable();
        if (client == null) {
            throw new ConfigurationException("coffer.kms: no KmsClient bean; define one or let the starter build it");
        }
        return wrap("coffer.kms", () -> {
            KmsProvider.Builder b = KmsProvider.builder().kmsClient(client).encryptionKey(kms.getKeyArn())
                    .decryptionKeys(kms.getDecryptionKeyArns()).grantTokens(kms.getGrantTokens());
            if (discovery) {
                String name = kms.getDiscovery().getPartition();
                PartitionMetadata partition = name == null || name.isEmpty() ? null : PartitionMetadata.of(name);
                if (partition == null) {
                    throw new ConfigurationException("coffer.kms.discovery.partition: unknown partition '" + name
                            + "'; use aws, aws-cn or aws-us-gov (the partition of the KMS keys' accounts)");
                }
                b.discovery(partition, kms.getDiscovery().getAccounts());
            }
            return b.build();
        });
    }

    private static MaterialsProvider mostRecent(CofferProperties properties, KmsProvider kms,
            ObjectProvider<DynamoDbClient> dynamoDb) {
        CofferProperties.MostRecent mr = properties.getMostRecent();
        if (mr.getTable() == null || mr.getMaterialName() == null) {
            throw new ConfigurationException("coffer.most-recent: set both coffer.most-recent.table (the meta-store "
                    + "table) and coffer.most-recent.material-name");
        }
        DynamoDbClient ddb = dynamoDb.getIfAvailable();
        if (ddb == null) {
            throw new ConfigurationException("coffer.most-recent.table: no DynamoDbClient bean to read the meta-store with");
        }
        MetaStore store = wrap("coffer.most-recent", () -> MetaStore.builder().dynamoDb(ddb).tableName(mr.getTable())
                .materialsProvider(kms).build());
        return wrap("coffer.most-recent", () -> MostRecentProvider.builder().metaStore(store)
                .materialName(mr.getMaterialName()).ttl(mr.getTtl()).gracePeriod(mr.getGracePeriod()).build());
    }

    /** Builds, prefixing a builder's message with the properties it came from. */
    private static <T> T wrap(String prefix, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (ConfigurationException e) {
            throw e.withContext(prefix + ": ");
        }
    }

    /**
     * The default for tables with {@code read-failure: skip}: a warning naming the table, the index
     * and the reason (no key values, which may be personal data, and no plaintext).
     */
    @Bean
    @ConditionalOnMissingBean
    public SkippedItemListener cofferSkippedItemListener() {
        return skipped -> LOG.warn("Coffer skipped an item of table '" + skipped.tableName() + "'"
                + skipped.indexName().map(i -> " (index '" + i + "')").orElse("") + ": "
                + skipped.reason().getClass().getSimpleName() + ": " + skipped.reason().getMessage());
    }

    /**
     * The extension: the provider, then per table the {@code coffer.tables} properties and the
     * {@link CofferTableCustomizer}s, then the {@link CofferExtensionCustomizer}s.
     */
    @Bean
    @ConditionalOnMissingBean
    public CofferExtension cofferExtension(CofferProperties properties, MaterialsProvider provider,
            ObjectProvider<SkippedItemListener> skippedListener, ObjectProvider<CofferTableCustomizer> tableCustomizers,
            ObjectProvider<CofferExtensionCustomizer> customizers, ObjectProvider<DynamoDbTableNameResolver> names,
            ObjectProvider<LegacyReader> legacyReader,
            ConfigurableListableBeanFactory beanFactory) {
        CofferExtension.Builder builder = CofferExtension.builder().materialsProvider(provider);
        Set<String> tables = new LinkedHashSet<>(properties.getTables().keySet());
        DynamoDbTableNameResolver resolver = names.getIfAvailable();
        if (resolver != null) {
            SchemaCheck.schemaBeans(beanFactory).forEach((bean, schema) -> tables.add(resolver.resolve(
                    schema.itemType().rawClass())));
        }
        for (String table : tables) {
            CofferProperties.Table t = properties.getTables().getOrDefault(table, new CofferProperties.Table());
            TableOptions.Builder options = TableOptions.builder()
                    .logicalTableName(t.getLogicalName())
                    .timeToLiveAttribute(t.getTimeToLiveAttribute())
                    .allowedUnsignedAttributes(t.getUnsignedAttributes())
                    .allowedUnsignedPrefix(t.getUnsignedPrefix())
                    .plaintextPhase(t.getPlaintextPhase());
            if (t.getLegacyPhase() != null) {
                LegacyReader reader = legacyReader.getIfAvailable();
                if (reader == null) {
                    throw new ConfigurationException("coffer.tables." + table + ".legacy-phase is set, but there is no "
                            + "LegacyReader bean to read the legacy items with; define one (coffer-legacy, "
                            + "docs/migration.md) or remove the property");
                }
                options.legacyReader(reader).legacyPhase(t.getLegacyPhase());
            }
            if (t.getReadFailure() == CofferProperties.ReadFailure.SKIP) {
                options.skipUnverifiedItems(skippedListener.getObject());
            }
            tableCustomizers.orderedStream().forEach(c -> c.customize(table, options));
            builder.table(table, wrap("coffer.tables." + table, options::build));
        }
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /**
     * The application's enhanced client: Spring Cloud AWS's {@code DynamoDbClient} with the SDK's
     * default extensions (versioned records, atomic counters) followed by Coffer's, which therefore
     * signs the version and counter attributes they write.
     */
    @Bean
    @ConditionalOnMissingBean
    public DynamoDbEnhancedClient dynamoDbEnhancedClient(DynamoDbClient dynamoDbClient, CofferExtension coffer) {
        return DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDbClient)
                .extensions(VersionedRecordExtension.builder().build(), AtomicCounterExtension.builder().build(), coffer)
                .build();
    }

    /**
     * Registers the extension's execution interceptor on Spring Cloud AWS's {@code DynamoDbClient}:
     * items inside conditional-write exceptions are verified and decrypted, and
     * {@code read-failure: skip} works. An application that defines its own {@code DynamoDbClient}
     * adds {@code coffer.executionInterceptor()} itself (docs/spring-boot.md). Backs off by name
     * only: the application's own customizers of other concerns must not switch it off.
     */
    @Bean
    @ConditionalOnMissingBean(name = "cofferDynamoDbClientCustomizer")
    public DynamoDbClientCustomizer cofferDynamoDbClientCustomizer(ObjectProvider<CofferExtension> coffer) {
        return builder -> builder.overrideConfiguration(o -> o.addExecutionInterceptor(
                new LazyInterceptor(() -> coffer.getObject().executionInterceptor())));
    }

    /** The start-up check of every {@link TableSchema} bean. */
    @Bean
    @ConditionalOnMissingBean
    public static SchemaCheck cofferSchemaCheck(ObjectProvider<CofferExtension> coffer,
            ObjectProvider<DynamoDbTableNameResolver> names, ConfigurableListableBeanFactory beanFactory) {
        return new SchemaCheck(coffer, names, beanFactory);
    }

    /**
     * Checks, once every singleton exists, each {@link TableSchema} bean of the application against
     * the extension (the table name as Spring Cloud AWS's {@code DynamoDbTableNameResolver} gives it)
     * and stops start-up with Coffer's {@link ConfigurationException} on the first misconfiguration.
     * Registering the schemas also lets tables with {@code read-failure: skip} verify with them.
     * Schemas that are not beans are checked on first use, as without Spring.
     *
     * <p>Thread-safety: runs once, on the thread that starts the context.
     */
    public static final class SchemaCheck implements SmartInitializingSingleton {
        private final ObjectProvider<CofferExtension> coffer;
        private final ObjectProvider<DynamoDbTableNameResolver> names;
        private final ConfigurableListableBeanFactory beanFactory;

        SchemaCheck(ObjectProvider<CofferExtension> coffer, ObjectProvider<DynamoDbTableNameResolver> names,
                ConfigurableListableBeanFactory beanFactory) {
            this.coffer = coffer;
            this.names = names;
            this.beanFactory = beanFactory;
        }

        @Override
        public void afterSingletonsInstantiated() {
            CofferExtension extension = coffer.getIfAvailable();
            DynamoDbTableNameResolver resolver = names.getIfAvailable();
            if (extension == null || resolver == null) {
                return;
            }
            schemaBeans(beanFactory).forEach((bean, schema) -> {
                Class<?> type = schema.itemType().rawClass();
                String table = resolver.resolve(type);
                try {
                    extension.tableConfig(table, schema);
                } catch (ConfigurationException e) {
                    throw e.withContext("Coffer start-up check of TableSchema bean '" + bean + "' (" + type.getName()
                            + ", table '" + table + "'): ");
                }
            });
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        static Map<String, TableSchema<?>> schemaBeans(ConfigurableListableBeanFactory beanFactory) {
            return (Map) beanFactory.getBeansOfType(TableSchema.class, false, true);
        }
    }

    /** True when the provider the properties select needs KMS (KMS or most-recent). */
    static final class UsesKms extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            CofferProperties p = Binder.get(context.getEnvironment()).bind("coffer", CofferProperties.class)
                    .orElseGet(CofferProperties::new);
            CofferProperties.ProviderType type = p.resolvedProvider();
            return type == CofferProperties.ProviderType.KEYRING
                    ? ConditionOutcome.noMatch("coffer provider is " + type)
                    : ConditionOutcome.match("coffer provider is " + type);
        }
    }
}
