package dev.coffer.spark;

import dev.coffer.AlgorithmSuite;
import dev.coffer.CryptoAction;
import java.net.URI;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.regions.Region;

/** Decrypts an export of the orders table into Parquet: spark-submit ... EXPORT OUTPUT KEY_ARN REGION [KMS_ENDPOINT]. */
public final class DecryptOrders {
    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("decrypt-orders").getOrCreate();
        KmsKeys.Builder keys = KmsKeys.builder()
                .region(Region.of(args[3]))
                .decryptionKeys(args[2]);                  // decrypt only: no encryption key
        if (args.length > 4) {
            keys.endpoint(URI.create(args[4]));            // a VPC endpoint of KMS
        }
        ExportSummary summary = run(spark, args[0], args[1], keys.build());
        System.out.println(summary);                       // items, verified, failed, KMS requests
        spark.stop();
        if (summary.failed() > 0) {
            System.exit(1);                                // some items did not verify: see OUTPUT/failures
        }
    }

    static ExportSummary run(SparkSession spark, String exportPath, String outputPath, KmsKeys keys) {
        TableSpec orders = TableSpec.builder()
                .tableName("orders")
                .keys(keys)                                // built on each executor, shared by its tasks
                .config((table, executor) -> table         // a TableConfig.Builder: as in the application
                        .partitionKey("customer_id")
                        .sortKey("order_id")
                        .action("status", CryptoAction.SIGN_ONLY)
                        .algorithmSuite(AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256))
                .build();
        StructType columns = new StructType()
                .add("customer_id", DataTypes.StringType)
                .add("order_id", DataTypes.LongType)
                .add("status", DataTypes.StringType)
                .add("total", DataTypes.createDecimalType(12, 2))
                .add("email", DataTypes.StringType);
        return CofferExports.decrypt(spark, exportPath, orders, columns)
                .write("parquet", outputPath + "/orders", outputPath + "/failures");
    }
}
