package dev.jawait.processor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.jawait.Await;
import dev.jawait.Future;
import dev.jawait.Futures;
import dev.jawait.processor.AsyncProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles {@code @Async} sources in memory with the processor (and, for comparison, as a
 * synchronous twin without it), loads the classes and runs them.
 */
public final class CompileAndRun {
    private CompileAndRun() {}

    /** The javac options of a test source with JDK 21 syntax (record patterns, pattern switches). */
    public static final List<String> RELEASE_21 = List.of("--release", "21");

    private static final Map<String, ClassLoader> CACHE = new ConcurrentHashMap<>();
    private static final Map<String, Error> FAILED = new ConcurrentHashMap<>();

    /** What one run produced. */
    public static final class Outcome {
        public final Object value;
        public final Throwable failure;
        public final List<String> log;

        public Outcome(Object value, Throwable failure, List<String> log) {
            this.value = value;
            this.failure = failure;
            this.log = log;
        }

        @Override
        public String toString() {
            return failure != null ? "threw " + describe(failure) + " log=" + log : "returned " + value + " log=" + log;
        }
    }

    /** Class and message; a NullPointerException's helpful message names the code, so not that. */
    static String describe(Throwable t) {
        if (t instanceof NullPointerException) {
            return t.getClass().getName();
        }
        return t.getClass().getName() + "(" + t.getMessage() + ")";
    }

    /**
     * A test source in package {@code demo}: {@code lines} after the imports every such source
     * needs (the processor's {@code await}, {@link Fx#log}, {@code Async}, {@code Future}, {@link Fx}).
     */
    public static String demoSource(String... lines) {
        return String.join("\n", "package demo;", "import static dev.jawait.Await.await;",
                "import static dev.jawait.processor.testing.Fx.log;", "import dev.jawait.Async;",
                "import dev.jawait.Future;", "import dev.jawait.processor.testing.Fx;", String.join("\n", lines));
    }

    /** Compiles with the processor under -Xlint:all; fails the test on any error or warning. */
    public static Compilation compile(String className, String source) {
        return compile(className, source, List.of());
    }

    /** {@link #compile(String, String)} with more javac {@code options} (e.g. {@code --release 21}). */
    public static Compilation compile(String className, String source, List<String> options) {
        List<String> all = new ArrayList<>(List.of("-Xlint:all", "-Xlint:-options"));
        all.addAll(options);
        Compilation c = Compiler.javac()
                .withProcessors(new AsyncProcessor())
                .withOptions(all)
                .compile(JavaFileObjects.forSourceString(className, source));
        List<String> problems = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR || d.getKind() == Diagnostic.Kind.WARNING
                    || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
                problems.add(d.toString());
            }
        }
        if (!problems.isEmpty()) {
            fail("compilation of " + className + " reported:\n" + String.join("\n", problems)
                    + "\n--- generated sources:\n" + printedMachines(className, source, options));
        }
        return c;
    }

    /** The machines as the processor prints them with {@code -Ajawait.printMachines}. */
    static String printedMachines(String className, String source) {
        return printedMachines(className, source, List.of());
    }

    private static String printedMachines(String className, String source, List<String> options) {
        List<String> all = new ArrayList<>(List.of("-Ajawait.printMachines"));
        all.addAll(options);
        Compilation c = Compiler.javac().withProcessors(new AsyncProcessor())
                .withOptions(all)
                .compile(JavaFileObjects.forSourceString(className, source));
        return c.notes().stream().map(d -> d.getMessage(null)).collect(Collectors.joining("\n"));
    }

    /** Compiles and expects errors; returns the compilation for assertions. */
    public static Compilation compileExpectingErrors(String className, String source) {
        return Compiler.javac().withProcessors(new AsyncProcessor())
                .compile(JavaFileObjects.forSourceString(className, source));
    }

    /** The generated machine sources, for failure messages and printing. */
    public static String generatedSources(Compilation c) {
        return c.generatedSourceFiles().stream().map(f -> {
            try {
                return "// " + f.getName() + "\n" + f.getCharContent(true);
            } catch (IOException e) {
                return e.toString();
            }
        }).collect(Collectors.joining("\n"));
    }

    /** Loads the classes of a compilation. */
    public static ClassLoader load(Compilation c) {
        return load(List.of(c));
    }

    /**
     * Loads the classes of several compilations into one loader; a class compiled by a later one
     * replaces the earlier one's (e.g. a type changed and recompiled without its users).
     */
    public static ClassLoader load(List<Compilation> layers) {
        Map<String, byte[]> classes = new HashMap<>();
        for (Compilation c : layers) {
            collectClasses(c, classes);
        }
        return new ClassLoader(CompileAndRun.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = classes.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
    }

    private static void collectClasses(Compilation c, Map<String, byte[]> classes) {
        for (JavaFileObject f : c.generatedFiles()) {
            if (f.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            String name = f.toUri().getPath();
            int i = name.indexOf("/CLASS_OUTPUT/");
            name = name.substring(i + "/CLASS_OUTPUT/".length(), name.length() - ".class".length()).replace('/', '.');
            try (InputStream in = f.openInputStream()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                classes.put(name, out.toByteArray());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The names of the instance fields of the machine class {@code machine}, without the machine's
     * bookkeeping (names ending in {@code $} or in {@code $} and a number, such as {@code tmp$0}).
     */
    public static Set<String> variableFields(ClassLoader loader, String machine) throws ClassNotFoundException {
        Set<String> names = new TreeSet<>();
        for (java.lang.reflect.Field f : loader.loadClass(machine).getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !f.getName().matches(".*\\$\\d*")) {
                names.add(f.getName());
            }
        }
        return names;
    }

    /** The source with the processor's await replaced by a blocking one: the synchronous twin. */
    public static String syncTwin(String source) {
        String twin = source.replace("import static dev.jawait.Await.await;",
                "import static " + SyncAwait.class.getName() + ".await;");
        if (twin.equals(source)) {
            throw new IllegalArgumentException("test sources must use 'import static dev.jawait.Await.await;'");
        }
        return twin;
    }

    private static ClassLoader loader(String className, String source, boolean twin, Boolean assertions,
            List<String> options) {
        String key = (twin ? "twin:" : "machine:") + (assertions == null ? "" : "assertions " + assertions + ":")
                + options + ":" + source;
        Error failed = FAILED.get(key);
        if (failed != null) {
            throw failed;
        }
        try {
            return CACHE.computeIfAbsent(key, k -> withAssertions(className, newLoader(className, source, twin, options), assertions));
        } catch (Error e) {
            FAILED.put(key, e);
            throw e;
        }
    }

    private static ClassLoader newLoader(String className, String source, boolean twin, List<String> options) {
        if (twin) {
            Compilation c = Compiler.javac().withOptions(options)
                    .compile(JavaFileObjects.forSourceString(className, syncTwin(source)));
            if (c.status() != Compilation.Status.SUCCESS) {
                fail("twin does not compile: " + c.diagnostics());
            }
            return load(c);
        }
        return load(compile(className, source, options));
    }

    /**
     * Sets the assertion status of the classes {@code loader} defines (null: the JVM's): enabled
     * ({@code true}) or disabled for class {@code className} alone, and the opposite for every
     * other class, so that a machine (another class) that followed its own status would differ.
     */
    private static ClassLoader withAssertions(String className, ClassLoader loader, Boolean assertions) {
        if (assertions != null) {
            loader.setDefaultAssertionStatus(!assertions);
            loader.setClassAssertionStatus(className, assertions);
        }
        return loader;
    }

    /** Runs static method {@code entry} of {@code className}, driving a returned future to its end. */
    public static Outcome run(String className, String source, String entry, Fx.Mode mode, boolean twin) {
        return run(className, source, entry, mode, twin, null);
    }

    /** {@link #run}, with the assertion status of {@code className} enabled or disabled (null: the JVM's). */
    public static Outcome run(String className, String source, String entry, Fx.Mode mode, boolean twin,
            Boolean assertions) {
        return run(className, source, entry, mode, twin, assertions, List.of());
    }

    private static Outcome run(String className, String source, String entry, Fx.Mode mode, boolean twin,
            Boolean assertions, List<String> options) {
        Fx.mode = mode;
        Fx.takeLog();
        try {
            Class<?> cls = loader(className, source, twin, assertions, options).loadClass(className);
            Method m = cls.getDeclaredMethod(entry);
            m.setAccessible(true);
            Object r;
            try {
                r = m.invoke(null);
            } catch (InvocationTargetException e) {
                return new Outcome(null, e.getCause(), Fx.takeLog());
            }
            try {
                Object v = r;
                if (r instanceof Future) {
                    v = Await.blockOn((Future<?>) r);
                } else if (r instanceof CompletionStage) {
                    v = Await.blockOn(Futures.fromStage((CompletionStage<?>) r));
                }
                return new Outcome(v, null, Fx.takeLog());
            } catch (Throwable t) {
                return new Outcome(null, t, Fx.takeLog());
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        } finally {
            Fx.mode = Fx.Mode.READY;
        }
    }

    /**
     * Runs {@code entry} as a machine in every {@link Fx.Mode} and as the synchronous twin, and
     * asserts the same result, failure (class and message) and side-effect log.
     */
    public static Outcome assertSameAsSync(String className, String source, String entry) {
        return assertSameAsSync(className, source, entry, null);
    }

    /** {@link #assertSameAsSync(String, String, String)}, and asserts that the run returned (did not throw). */
    public static Outcome assertReturnsSameAsSync(String className, String source, String entry) {
        Outcome o = assertSameAsSync(className, source, entry);
        if (o.failure != null) {
            fail(className + "." + entry + " " + o);
        }
        return o;
    }

    /**
     * {@link #assertSameAsSync(String, String, String)} with assertions enabled or disabled for
     * {@code className} alone (the opposite for every other class); null: the JVM's status.
     */
    public static Outcome assertSameAsSync(String className, String source, String entry, Boolean assertions) {
        return assertSameAsSync(className, source, entry, assertions, List.of());
    }

    /**
     * {@link #assertSameAsSync(String, String, String)}, both versions compiled with more javac
     * {@code options} (e.g. {@code --release 21} for a newer language level than the default's).
     */
    public static Outcome assertSameAsSync(List<String> options, String className, String source, String entry) {
        return assertSameAsSync(className, source, entry, null, options);
    }

    private static Outcome assertSameAsSync(String className, String source, String entry, Boolean assertions,
            List<String> options) {
        Outcome reference = run(className, source, entry, Fx.Mode.READY, true, assertions, options);
        for (Fx.Mode mode : Fx.Mode.values()) {
            Outcome actual = run(className, source, entry, mode, false, assertions, options);
            String where = className + "." + entry + " in mode " + mode;
            assertEquals(reference.toString(), actual.toString(), where);
            assertEquals(reference.value, actual.value, where);
            assertEquals(reference.failure == null ? null : describe(reference.failure),
                    actual.failure == null ? null : describe(actual.failure), where);
            assertEquals(reference.log, actual.log, where);
            Objects.requireNonNull(where);
        }
        return reference;
    }
}
