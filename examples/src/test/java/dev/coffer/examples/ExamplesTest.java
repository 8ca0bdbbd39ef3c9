package dev.coffer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ExamplesTest {

    @Test
    void readme_quickStartBlock_isExactlyTheCompiledExample() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int begin = readme.indexOf("<!-- quickstart:begin -->");
        int end = readme.indexOf("<!-- quickstart:end -->");
        assertThat(begin).as("README quickstart markers").isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String block = readme.substring(begin, end);
        String code = block.substring(block.indexOf("```java") + "```java".length(), block.lastIndexOf("```")).strip();

        String source = Files.readString(Path.of("src/main/java/dev/coffer/examples/QuickStart.java"));
        String withoutPackage = source.substring(source.indexOf("import ")).strip();

        assertThat(code).isEqualTo(withoutPackage);
    }

    /** The README's BOM snippet and text name the SDK version the build uses, so applications can match it. */
    @Test
    void readme_sdkBomSnippet_namesTheSdkVersionCofferIsBuiltWith() throws IOException {
        Matcher pom = Pattern.compile("<aws\\.sdk\\.version>([^<]+)</aws\\.sdk\\.version>")
                .matcher(Files.readString(Path.of("..", "pom.xml")));
        assertThat(pom.find()).isTrue();
        String readme = Files.readString(Path.of("..", "README.md"));

        assertThat(readme).contains("<artifactId>bom</artifactId>\n      <version>" + pom.group(1) + "</version>")
                .contains("tested with " + pom.group(1));
    }

    @Test
    void quickStart_runs_andPrintsTheDecryptedToken() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            QuickStart.main(new String[0]);
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("read back:    tok_5d2c9e8f41b7");
        assertThat(out).contains("stored token: AttributeValue(B=");
    }
}
