package dev.jawait.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.jawait.Future;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What users of JDK 24 and later see from {@link JdkAccess}, as docs/guide.md ("Getting started")
 * tells it: the processor opens javac's packages through {@code sun.misc.Unsafe}, so the JVM
 * running javac warns, naming {@code JdkAccess}; granting the packages with {@code --add-exports}
 * keeps the processor off {@code sun.misc.Unsafe}, and the warning away. The JVM prints the
 * warning once, for its first caller, so each case runs javac in a process of its own.
 */
@Timeout(120)
class UnsafeWarningTest {
    private static final String WARNING =
            "sun.misc.Unsafe::objectFieldOffset has been called by dev.jawait.processor.JdkAccess";

    @TempDir
    Path dir;

    @Test
    void withThePackagesGrantedTheProcessorNeverTouchesUnsafe() throws Exception {
        List<String> flags = new ArrayList<>();
        for (String p : JdkAccess.PACKAGES) {
            flags.add("-J--add-exports=jdk.compiler/" + p + "=ALL-UNNAMED");
        }
        String output = javac(flags);
        assertFalse(output.contains("JdkAccess"), output);
        assertFalse(output.contains("sun.misc.Unsafe"), output);
    }

    @Test
    void withoutThemJdk24AndLaterWarnAboutUnsafe() throws Exception {
        String output = javac(List.of());
        boolean warns = Runtime.version().feature() >= 24;
        assertEquals(warns, output.contains(WARNING), output);
    }

    /** Compiles one {@code @Async} method with a new javac process; returns what it printed. */
    private String javac(List<String> flags) throws Exception {
        Path source = dir.resolve("src/p/A.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, String.join("\n",
                "package p;",
                "import static dev.jawait.Await.await;",
                "import dev.jawait.Async;",
                "import dev.jawait.Future;",
                "class A {",
                "    @Async",
                "    Future<Integer> next(Future<Integer> x) {",
                "        return Future.ready(await(x) + 1);",
                "    }",
                "}",
                ""));
        String runtime = location(Future.class);
        String processorPath = String.join(File.pathSeparator,
                location(AsyncProcessor.class), location(JavaFile.class), runtime);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "javac").toString());
        command.addAll(flags);
        command.addAll(List.of("-cp", runtime, "-processorpath", processorPath,
                "-d", dir.resolve("out").toString(), "-s", dir.resolve("gen").toString(), source.toString()));
        Process javac = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(javac.waitFor(60, TimeUnit.SECONDS), "javac did not finish");
        assertEquals(0, javac.exitValue(), output);
        assertTrue(Files.exists(dir.resolve("gen/p/A_next_Async.java")), "the machine was generated\n" + output);
        return output;
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
