package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The {@code coffer} launcher script at the repository root. */
class LauncherTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /**
     * The script rebuilds the CLI when one of the modules in its MODULES list changed: that list must
     * be the CLI and every coffer module it needs at run time, directly or through another.
     */
    @Test
    void modulesList_isTheCliAndItsRuntimeCofferModules() throws Exception {
        Matcher m = Pattern.compile("(?m)^MODULES=\"([^\"]*)\"$").matcher(Files.readString(ROOT.resolve("coffer"), StandardCharsets.UTF_8));
        assertThat(m.find()).as("MODULES=\"...\" in the coffer script").isTrue();

        assertThat(new TreeSet<>(Arrays.asList(m.group(1).split(" ")))).isEqualTo(runtimeModules("cli"));
    }

    @Test
    void script_passesTheDynaliteFolderToTheCli() throws IOException {
        assertThat(Files.readString(ROOT.resolve("coffer"), StandardCharsets.UTF_8))
                .contains("-Dcoffer.dynalite.dir=\"$ROOT/dynalite\"");
        assertThat(ROOT.resolve("dynalite/package-lock.json")).isRegularFile();
    }

    /** {@code module} and the folders of every dev.coffer dependency it has in compile or runtime scope, transitively. */
    private static Set<String> runtimeModules(String module) throws Exception {
        Map<String, String> folderOfArtifact = new HashMap<>();
        try (Stream<Path> dirs = Files.list(ROOT)) {
            for (Path pom : dirs.map(d -> d.resolve("pom.xml")).filter(Files::isRegularFile).toList()) {
                folderOfArtifact.put(childText(parse(pom).getDocumentElement(), "artifactId"), pom.getParent().getFileName().toString());
            }
        }
        Set<String> found = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(module);
        while (!todo.isEmpty()) {
            String folder = todo.pop();
            if (!found.add(folder)) {
                continue;
            }
            NodeList deps = parse(ROOT.resolve(folder).resolve("pom.xml")).getElementsByTagName("dependency");
            for (int i = 0; i < deps.getLength(); i++) {
                Element dep = (Element) deps.item(i);
                String scope = childText(dep, "scope");
                if ("dev.coffer".equals(childText(dep, "groupId")) && (scope == null || scope.equals("compile") || scope.equals("runtime"))) {
                    todo.add(folderOfArtifact.get(childText(dep, "artifactId")));
                }
            }
        }
        return found;
    }

    private static Document parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static String childText(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }
}
