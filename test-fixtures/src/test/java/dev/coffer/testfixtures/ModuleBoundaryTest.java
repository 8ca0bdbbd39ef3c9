package dev.coffer.testfixtures;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's API boundary check (CONVENTIONS.md, rule 11): no module's sources, main or test, refer
 * to a {@code ...internal...} package of another module, by import, static import or fully qualified
 * name. A package belongs to the module whose {@code src/main/java} declares it; a module may use its
 * own internal packages. Text naming a package no module declares is ignored. Runs in {@code ./mvnw -B verify} with this module's tests (this module is
 * built first and depends on no other Coffer module, so the whole tree is scanned before anything
 * else is tested). If a neighbour needs something from another module's internals, give it a real
 * API in that module instead (e.g. {@code dev.coffer.DynamoDbValues}, {@code dev.coffer.ItemDescription}).
 */
class ModuleBoundaryTest {
    /** A package with an {@code internal} segment: lower-case segments, ending before a class name. */
    private static final Pattern INTERNAL_REFERENCE =
            Pattern.compile("\\bdev\\.coffer(?:\\.[a-z_][a-z0-9_]*)*?\\.internal(?:\\.[a-z_][a-z0-9_]*)*");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern LINE_COMMENT = Pattern.compile("//[^\\n]*");

    @Test
    void sources_ofEveryModule_referToNoOtherModulesInternalPackage() {
        Path root = projectRoot();

        List<String> violations = violations(root);

        assertThat(modules(root)).contains("core", "kms-provider", "enhanced-client-extension", "legacy",
                "spring-boot-starter", "cli", "benchmarks");
        assertThat(violations)
                .as("references to another module's internal package; give the neighbour a public API instead")
                .isEmpty();
    }

    @Test
    void violations_importOfNeighboursInternalPackage_isReportedWithFileAndLine(@TempDir Path root) throws IOException {
        write(root.resolve("pom.xml"), "<modules>\n<module>a</module>\n<module>b</module>\n</modules>");
        write(root.resolve("a/src/main/java/dev/coffer/a/internal/Secret.java"),
                "package dev.coffer.a.internal;\npublic final class Secret {}\n");
        write(root.resolve("a/src/test/java/dev/coffer/a/internal/SecretTest.java"),
                "package dev.coffer.a.internal;\nimport dev.coffer.a.internal.Secret;\nclass SecretTest {}\n");
        write(root.resolve("b/src/main/java/dev/coffer/b/Uses.java"),
                "package dev.coffer.b;\n// dev.coffer.a.internal.Secret in a comment is fine\n"
                        + "import dev.coffer.a.internal.Secret;\nclass Uses {}\n");
        write(root.resolve("b/src/test/java/dev/coffer/b/UsesTest.java"),
                "package dev.coffer.b;\nclass UsesTest {\n  Object o = new dev.coffer.a.internal.Secret();\n}\n");

        List<String> violations = violations(root);

        assertThat(violations).containsExactlyInAnyOrder(
                "b/src/main/java/dev/coffer/b/Uses.java:3 refers to dev.coffer.a.internal (module a)",
                "b/src/test/java/dev/coffer/b/UsesTest.java:3 refers to dev.coffer.a.internal (module a)");
    }

    @Test
    void bom_listsExactlyTheLibraryArtifacts_atTheParentsVersion() {
        Path root = projectRoot();
        String bom = read(root.resolve("bom/pom.xml"));
        Set<String> libraries = new java.util.TreeSet<>();
        for (String m : modules(root)) {
            String pom = read(root.resolve(m).resolve("pom.xml"));
            if (pom.contains("<artifactId>maven-source-plugin</artifactId>")) {
                libraries.add(ownArtifactId(pom));
            }
        }
        Set<String> listed = new java.util.TreeSet<>();
        Matcher d = Pattern.compile("<dependency>.*?<artifactId>([^<]+)</artifactId>", Pattern.DOTALL).matcher(bom);
        while (d.find()) {
            listed.add(d.group(1));
        }

        assertThat(libraries).contains("coffer-core", "coffer-kms", "coffer-enhanced", "coffer-legacy");
        assertThat(listed).as("coffer-bom's entries: the modules published with sources (library artifacts)")
                .isEqualTo(libraries);
        assertThat(version(bom)).isEqualTo(version(read(root.resolve("pom.xml"))));
    }

    @Test
    void jarModules_allNameTheirAutomaticModule() {
        Path root = projectRoot();
        for (String m : modules(root)) {
            String pom = read(root.resolve(m).resolve("pom.xml"));
            if (!pom.contains("<packaging>pom</packaging>")) {
                assertThat(pom).as(m + "/pom.xml sets coffer.module.name (Automatic-Module-Name)")
                        .containsPattern("<coffer.module.name>dev\\.coffer(\\.[a-z][a-z0-9]*)*</coffer.module.name>");
            }
        }
    }

    /** The project's own artifactId: the first one after the parent element. */
    private static String ownArtifactId(String pom) {
        String rest = pom.contains("</parent>") ? pom.substring(pom.indexOf("</parent>")) : pom;
        Matcher m = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(rest);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** The project's version, or its parent's if it has none of its own. */
    private static String version(String pom) {
        String head = pom.contains("<dependencyManagement>") ? pom.substring(0, pom.indexOf("<dependencyManagement>")) : pom;
        String own = head.contains("</parent>") ? head.substring(head.indexOf("</parent>")) : head;
        Matcher m = Pattern.compile("<version>([^<]+)</version>").matcher(own);
        if (m.find()) {
            return m.group(1);
        }
        Matcher p = Pattern.compile("<version>([^<]+)</version>").matcher(head);
        assertThat(p.find()).isTrue();
        return p.group(1);
    }

    /** Every reference, in every module listed in {@code root/pom.xml}, to an internal package it does not own. */
    static List<String> violations(Path root) {
        List<String> modules = modules(root);
        List<Owned> owned = new ArrayList<>();
        for (String m : modules) {
            for (Path f : javaFiles(root.resolve(m).resolve("src/main/java"))) {
                Matcher p = PACKAGE.matcher(read(f));
                if (p.find() && p.group(1).matches(".*\\binternal\\b.*")) {
                    owned.add(new Owned(m, p.group(1)));
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String m : modules) {
            Set<String> own = owned.stream().filter(o -> o.module.equals(m)).map(o -> o.pkg).collect(Collectors.toSet());
            for (Path f : javaFiles(root.resolve(m).resolve("src"))) {
                String code = withoutComments(read(f));
                Matcher r = INTERNAL_REFERENCE.matcher(code);
                while (r.find()) {
                    String pkg = r.group();
                    // A package no module declares does not compile as code; as text (like this
                    // test's own fixtures) it is no reference.
                    String owner = owned.stream().filter(o -> o.pkg.equals(pkg)).map(o -> o.module).findFirst()
                            .orElse(null);
                    if (own.contains(pkg) || owner == null) {
                        continue;
                    }
                    int line = (int) code.substring(0, r.start()).chars().filter(c -> c == '\n').count() + 1;
                    out.add(root.relativize(f).toString().replace('\\', '/') + ":" + line + " refers to " + pkg
                            + " (module " + owner + ")");
                }
            }
        }
        return out;
    }

    private static final class Owned {
        final String module;
        final String pkg;

        Owned(String module, String pkg) {
            this.module = module;
            this.pkg = pkg;
        }
    }

    /** Comments removed, line breaks kept so that line numbers stay right. */
    private static String withoutComments(String s) {
        Matcher m = BLOCK_COMMENT.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group().replaceAll("[^\\n]", " ")));
        }
        m.appendTail(sb);
        return LINE_COMMENT.matcher(sb.toString()).replaceAll("");
    }

    private static List<String> modules(Path root) {
        Matcher m = MODULE.matcher(read(root.resolve("pom.xml")));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1).trim());
        }
        return out;
    }

    private static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path f, String text) throws IOException {
        Files.createDirectories(f.getParent());
        Files.writeString(f, text, StandardCharsets.UTF_8);
    }

    /** The reactor root: the nearest folder upwards whose pom.xml lists this module. */
    private static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path pom = p.resolve("pom.xml");
            if (Files.isRegularFile(pom) && read(pom).contains("<module>test-fixtures</module>")) {
                return p;
            }
        }
        throw new IllegalStateException("no pom.xml listing module test-fixtures above " + Path.of("").toAbsolutePath());
    }
}
