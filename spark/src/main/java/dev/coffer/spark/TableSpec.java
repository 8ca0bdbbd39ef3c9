package dev.coffer.spark;

import dev.coffer.ConfigurationException;
import dev.coffer.TableConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.UUID;

/**
 * A table's configuration in a form a Spark job can ship to its executors: the table name, a
 * {@link KeySource} (where keys come from) and a {@link TableRecipe} that completes the
 * {@link TableConfig} on each executor. Whatever a {@link TableConfig} can hold works here, because
 * the recipe sets it with {@link TableConfig.Builder} itself: actions, the asymmetric algorithm
 * suite, a legacy reader and the migration phases, beacons. Keys never travel: the provider, and
 * every {@link ExecutorResource} the recipe asks for, are built on the executor and shared by its
 * tasks.
 *
 * <pre>{@code
 * KmsKeys keys = KmsKeys.builder().region(Region.US_EAST_1).decryptionKeys(keyArn).build();
 * TableSpec orders = TableSpec.builder()
 *         .tableName("orders")
 *         .keys(keys)
 *         .config((table, executor) -> table.partitionKey("customer_id").sortKey("order_id")
 *                 .action("status", CryptoAction.SIGN_ONLY))
 *         .build();
 * }</pre>
 *
 * <p>Each executor JVM builds one {@link TableConfig} and one {@link dev.coffer.ItemEncryptor} per
 * spec (specs are equal when they come from the same {@link Builder#build()}, wherever they were
 * deserialized). An invalid configuration is a {@link ConfigurationException} from the first task
 * that builds it, which fails the job with the message of {@link TableConfig.Builder#build()}; test
 * the recipe on the driver with {@link #toTableConfig(ExecutorResources)} if you want the error
 * earlier.
 *
 * <p>Thread-safety: immutable; the builder is not thread-safe.
 */
public final class TableSpec implements Serializable {
    private static final long serialVersionUID = 2L;

    private final String tableName;
    private final KeySource keys;
    private final TableRecipe recipe;
    private final String id;

    private TableSpec(Builder b) {
        this.tableName = b.tableName;
        this.keys = b.keys;
        this.recipe = b.recipe;
        this.id = UUID.randomUUID().toString();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's settings; its {@code build()} makes a new spec (unequal to this one). */
    public Builder toBuilder() {
        return new Builder().tableName(tableName).keys(keys).config(recipe);
    }

    /** The DynamoDB table name. */
    public String tableName() {
        return tableName;
    }

    /** Where the table's materials provider comes from. */
    public KeySource keys() {
        return keys;
    }

    /** The recipe that completes the configuration on each executor. */
    public TableRecipe recipe() {
        return recipe;
    }

    /**
     * Builds the table configuration with {@code resources} (the executors call this with
     * {@link ExecutorResources#jvm()}; it builds the provider and whatever the recipe asks for).
     *
     * @throws ConfigurationException if the configuration is invalid, or the recipe changed the table name
     */
    public TableConfig toTableConfig(ExecutorResources resources) {
        TableConfig.Builder start = TableConfig.builder().tableName(tableName)
                .materialsProvider(resources.provider(keys));
        TableConfig.Builder done = recipe.configure(start, resources);
        if (done == null) {
            throw new ConfigurationException("table '" + tableName + "': the table spec's recipe returned no"
                    + " builder; return the TableConfig.Builder it was given");
        }
        TableConfig config = done.build();
        if (!config.tableName().equals(tableName)) {
            throw new ConfigurationException("table '" + tableName + "': the table spec's recipe renamed the table to '"
                    + config.tableName() + "'; set the name once, in TableSpec.builder().tableName(...)"
                    + " (logicalTableName(...) binds items to another name)");
        }
        return config;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableSpec && ((TableSpec) o).id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "TableSpec{table=" + tableName + ", keys=" + keys + "}";
    }

    /** Builds a {@link TableSpec}. Not thread-safe. */
    public static final class Builder {
        private String tableName;
        private KeySource keys;
        private TableRecipe recipe;

        private Builder() {
        }

        /** The DynamoDB table name (the exported table, or the table the import creates). Required. */
        public Builder tableName(String tableName) {
            if (tableName == null || tableName.isEmpty()) {
                throw new ConfigurationException("table spec: tableName must name the DynamoDB table");
            }
            this.tableName = tableName;
            return this;
        }

        /** Where the executors get the table's materials provider. Required. */
        public Builder keys(KeySource keys) {
            if (keys == null) {
                throw new ConfigurationException("table '" + tableName + "': keys must not be null; give a KeySource"
                        + " (KmsKeys, MostRecentKeys, KeyringFile)");
            }
            this.keys = keys;
            return this;
        }

        /**
         * Completes the configuration on each executor: partition key at least, and anything else
         * {@link TableConfig.Builder} takes. Required.
         */
        public Builder config(TableRecipe recipe) {
            if (recipe == null) {
                throw new ConfigurationException("table '" + tableName + "': config(recipe) must not be null");
            }
            this.recipe = recipe;
            return this;
        }

        /**
         * The spec; a {@link ConfigurationException} names a missing setting, or a recipe that
         * cannot be shipped to the executors (it captures something not serializable).
         */
        public TableSpec build() {
            if (tableName == null) {
                throw new ConfigurationException("table spec: set tableName(...) to the DynamoDB table name");
            }
            if (keys == null) {
                throw new ConfigurationException("table '" + tableName + "': set keys(...) to a KeySource"
                        + " (KmsKeys, MostRecentKeys, KeyringFile); see docs/spark.md");
            }
            if (recipe == null) {
                throw new ConfigurationException("table '" + tableName + "': set config((table, executor) -> table"
                        + ".partitionKey(...)...) to complete the table configuration; see docs/spark.md");
            }
            TableSpec spec = new TableSpec(this);
            try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
                out.writeObject(spec);
            } catch (IOException e) {
                throw new ConfigurationException("table '" + tableName + "': the spec cannot be shipped to the executors ("
                        + e + "); the recipe may capture only serializable values such as strings, enums and"
                        + " ExecutorResources, never a provider, a client or key bytes", e);
            }
            return spec;
        }
    }
}
