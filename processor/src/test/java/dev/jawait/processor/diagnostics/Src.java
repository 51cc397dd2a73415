package dev.jawait.processor.diagnostics;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.jawait.processor.AsyncProcessor;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** A test source in package {@code demo} with the usual imports, and position-checked assertions. */
final class Src {
    static final String HEADER = String.join("\n",
            "package demo;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.Async;",
            "import dev.jawait.Await;",
            "import dev.jawait.Future;",
            "import java.util.concurrent.CompletableFuture;",
            "import java.util.concurrent.CompletionStage;",
            "import java.util.concurrent.locks.Lock;",
            "import java.util.concurrent.locks.ReentrantLock;",
            "import java.util.function.Function;",
            "import java.util.function.Supplier;",
            "");

    final String className;
    final String text;
    final JavaFileObject file;
    final List<String> lines;

    private Src(String className, String text) {
        this.className = className;
        this.text = text;
        this.file = JavaFileObjects.forSourceString("demo." + className, text);
        this.lines = List.of(text.split("\n", -1));
    }

    /** A class {@code demo.<name>} whose body is {@code body} (lines joined). */
    static Src of(String className, String... body) {
        return new Src(className, HEADER + "public class " + className + " {\n" + String.join("\n", body) + "\n}\n");
    }

    Compilation compile() {
        return Compiler.javac().withProcessors(new AsyncProcessor()).compile(file);
    }

    /** 1-based line of the first line containing {@code lineMarker}. */
    int line(String lineMarker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(lineMarker)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no line contains " + lineMarker);
    }

    /** 1-based column of {@code at} within the first line containing {@code lineMarker}. */
    int column(String lineMarker, String at) {
        String l = lines.get(line(lineMarker) - 1);
        int i = l.indexOf(at, l.indexOf(lineMarker) >= 0 ? 0 : 0);
        if (i < 0) {
            throw new IllegalArgumentException("'" + at + "' not on line " + l);
        }
        return i + 1;
    }

    /** Asserts an error containing {@code message} at {@code at} on the line containing {@code lineMarker}. */
    void assertError(Compilation c, String message, String lineMarker, String at) {
        assertThat(c).hadErrorContaining(message).inFile(file).onLine(line(lineMarker)).atColumn(column(lineMarker, at));
    }

    /** Asserts a warning containing {@code message} at {@code at} on the line containing {@code lineMarker}. */
    void assertWarning(Compilation c, String message, String lineMarker, String at) {
        assertThat(c).hadWarningContaining(message).inFile(file).onLine(line(lineMarker)).atColumn(column(lineMarker, at));
    }

    /** Asserts there is no jawait diagnostic of {@code kind} at all. */
    static void assertNoJawait(Compilation c, Diagnostic.Kind kind) {
        for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
            assertWithMessage(d.toString()).that(d.getKind() == kind && d.getMessage(null).contains("jawait")).isFalse();
        }
    }
}
