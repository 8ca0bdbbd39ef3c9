package dev.coffer.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * What the benchmarks ran on, for docs/PERFORMANCE.md: CPU model and the instruction set extensions
 * the JCE intrinsics use, cores, memory, JDK, OS, and the load average (the machine may be shared).
 * Reads /proc where it exists and says "unknown" elsewhere.
 *
 * <p>Thread-safety: stateless.
 */
final class Machine {
    private Machine() {
    }

    /** One line per fact. */
    static List<String> describe() {
        List<String> out = new ArrayList<>();
        String cpuinfo = read("/proc/cpuinfo");
        String model = field(cpuinfo, "model name");
        String flags = " " + field(cpuinfo, "flags") + " ";
        List<String> ext = new ArrayList<>();
        for (String f : new String[] {"aes", "pclmulqdq", "avx2", "sha_ni", "avx512f", "vaes"}) {
            if (flags.contains(" " + f + " ")) {
                ext.add(f);
            }
        }
        out.add("CPU: " + model + ", " + Runtime.getRuntime().availableProcessors() + " cores visible to the JVM"
                + (ext.isEmpty() ? "" : ", with " + String.join(", ", ext)));
        String mem = field(read("/proc/meminfo"), "MemTotal");
        out.add("Memory: " + (mem.equals("unknown") ? mem : Long.parseLong(mem.replaceAll("\\D", "")) / (1024 * 1024) + " GiB"));
        out.add("JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")");
        out.add("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        return out;
    }

    /** The 1, 5 and 15 minute load averages, or "unknown". */
    static String loadAverage() {
        String l = read("/proc/loadavg").trim();
        String[] f = l.split("\\s+");
        return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "unknown";
    }

    private static String field(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    return line.substring(colon + 1).trim();
                }
            }
        }
        return "unknown";
    }

    private static String read(String file) {
        Path p = Paths.get(file);
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
