package dev.coffer.spark;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * One local-mode Spark session for every test class of this module (starting one takes seconds);
 * {@code -Dcoffer.spark.master=local[1]} gives it one core (the throughput run).
 */
final class Spark {
    private static SparkSession session;

    private Spark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master(System.getProperty("coffer.spark.master", "local[2]"))
                    .appName("coffer-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.sql.warehouse.dir", Path.of("target", "spark-warehouse").toAbsolutePath().toString())
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }
}
