package dev.jawait.processor.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.jawait.processor.AsyncProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Compiles every {@code ```java} block of the user guide ({@code docs/*.md}) with the jawait
 * processor, so that the documentation cannot drift from the API. Each block is one compilation
 * unit; blocks opened with {@code ```java fragment} are excerpts and are skipped.
 */
class DocsSnippetsTest {
    private static final Pattern FENCE = Pattern.compile("^```(\\S*)(?:\\s+(\\S+))?\\s*$");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern TYPE = Pattern.compile(
            "^(?:public\\s+)?(?:final\\s+|abstract\\s+)*(?:class|interface|record|enum)\\s+(\\w+)",
            Pattern.MULTILINE);

    /** One fenced code block. */
    record Snippet(String file, int line, String language, String modifier, String code) {
        boolean compiled() {
            return language.equals("java") && modifier == null;
        }

        String name() {
            return file + ":" + line;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyJavaSnippetCompiles() throws IOException {
        return snippets().stream()
                .filter(Snippet::compiled)
                .map(s -> DynamicTest.dynamicTest(s.name(), () -> compile(s)));
    }

    @Test
    void theGuideHasCompiledSnippetsAndOnlyKnownMarkers() throws IOException {
        List<Snippet> all = snippets();
        assertTrue(all.stream().filter(Snippet::compiled).count() >= 10,
                "expected the guide's java snippets, found " + all);
        for (Snippet s : all) {
            if (s.language().equals("java")) {
                assertTrue(s.modifier() == null || s.modifier().equals("fragment"),
                        s.name() + ": unknown marker '" + s.modifier() + "' (use ```java or ```java fragment)");
            }
            assertFalse(s.language().equalsIgnoreCase("java") && !s.language().equals("java"),
                    s.name() + ": write ```java in lower case, or the block would not be compiled");
        }
    }

    private static void compile(Snippet s) {
        Matcher type = TYPE.matcher(s.code());
        if (!type.find()) {
            fail(s.name() + ": no top-level type declaration found; mark excerpts ```java fragment");
        }
        Matcher pkg = PACKAGE.matcher(s.code());
        String name = (pkg.find() ? pkg.group(1) + "." : "") + type.group(1);
        Compilation c = Compiler.javac()
                .withProcessors(new AsyncProcessor())
                .compile(JavaFileObjects.forSourceString(name, s.code()));
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add("line " + (d.getLineNumber() + s.line()) + " of " + s.file() + ": "
                        + d.getMessage(null));
            }
        }
        if (!errors.isEmpty() || c.status() != Compilation.Status.SUCCESS) {
            fail("snippet at " + s.name() + " does not compile:\n" + String.join("\n", errors));
        }
    }

    /** Every fenced block of every {@code docs/*.md}. */
    private static List<Snippet> snippets() throws IOException {
        Path docs = docsDirectory();
        List<Path> pages;
        try (Stream<Path> files = Files.list(docs)) {
            pages = files.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList());
        }
        List<Snippet> out = new ArrayList<>();
        for (Path page : pages) {
            List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher open = FENCE.matcher(lines.get(i));
                if (!open.matches() || open.group(1).isEmpty()) {
                    continue;
                }
                int start = i;
                StringBuilder code = new StringBuilder();
                for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                    code.append(lines.get(i)).append('\n');
                }
                out.add(new Snippet(page.getFileName().toString(), start + 1, open.group(1),
                        open.group(2), code.toString()));
            }
        }
        return out;
    }

    /** {@code ../docs} from the processor module (Maven runs tests there), or {@code docs}. */
    private static Path docsDirectory() {
        for (String candidate : new String[] {"../docs", "docs"}) {
            Path p = Paths.get(candidate);
            if (Files.isDirectory(p) && Files.exists(p.resolve("guide.md"))) {
                return p;
            }
        }
        throw new IllegalStateException("docs/ not found from " + Paths.get("").toAbsolutePath());
    }
}
