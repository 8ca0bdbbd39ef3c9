package dev.coffer.spark.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkFiles;

/**
 * Where a file named in a serializable description is on this executor: the path itself if it
 * exists here, else the job file of that name ({@code spark-submit --files}, {@code SparkFiles.get}).
 *
 * <p>Thread-safety: stateless.
 */
public final class JobFiles {
    private JobFiles() {
    }

    /** The local path of {@code path} on this executor. */
    public static Path resolve(String path) {
        Path file = Path.of(path);
        return Files.isRegularFile(file) ? file : Path.of(SparkFiles.get(path));
    }
}
