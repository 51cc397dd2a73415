package dev.jawait.fuzzer.run;

import dev.jawait.Async;
import dev.jawait.fuzzer.rt.Fx;
import dev.jawait.processor.AsyncProcessor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles many sources in one in-process javac run (with or without the jawait processor),
 * keeping everything in memory, and loads the resulting classes. One run for a whole batch
 * amortises the compiler's start-up, which dominates the cost of small programs.
 */
public final class MemoryCompiler {
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();
    private static final String CLASSPATH = classpath();

    private MemoryCompiler() {}

    /** The outcome of one javac run. */
    public static final class Result {
        /** Class bytes by binary name. */
        public final Map<String, byte[]> classes = new LinkedHashMap<>();
        /** Error messages, each prefixed with the class (source) it is about. */
        public final List<String> errors = new ArrayList<>();
        /** The classes (by source class name) that had errors. */
        public final Set<String> failed = new LinkedHashSet<>();
        /** Sources the processor generated, by name. */
        public final Map<String, String> generated = new LinkedHashMap<>();

        /** True if javac reported no error. */
        public boolean ok() {
            return errors.isEmpty();
        }

        /** A loader of the compiled classes, child of the fuzzer's own loader. */
        public ClassLoader loader() {
            Map<String, byte[]> bytes = classes;
            return new ClassLoader(Fx.class.getClassLoader()) {
                @Override
                protected Class<?> findClass(String name) throws ClassNotFoundException {
                    byte[] b = bytes.get(name);
                    if (b == null) {
                        throw new ClassNotFoundException(name);
                    }
                    return defineClass(name, b, 0, b.length);
                }
            };
        }
    }

    /**
     * Compiles {@code sources} (fully qualified class name to source text).
     *
     * @param withProcessor run the jawait processor (the machine) or not (the twin)
     */
    public static Result compile(Map<String, String> sources, boolean withProcessor) {
        Result result = new Result();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = JAVAC.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8);
        List<JavaFileObject> units = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            units.add(new Source(e.getKey(), e.getValue()));
        }
        List<String> options = new ArrayList<>(List.of("-classpath", CLASSPATH, "-nowarn", "-g",
                "-XDuseUnsharedTable=true", "-Xmaxerrs", "10000"));
        if (Runtime.version().feature() >= 21) {
            options.add("-proc:full");
        }
        if (!withProcessor) {
            options.add("-proc:none");
        }
        JavaCompiler.CompilationTask task = JAVAC.getTask(new java.io.StringWriter(), new Memory(standard, result), diagnostics, options,
                null, units);
        if (withProcessor) {
            task.setProcessors(List.of(new AsyncProcessor()));
        }
        boolean ok;
        try {
            ok = task.call();
        } catch (RuntimeException | Error e) {
            result.errors.add("javac crashed: " + e);
            result.failed.addAll(sources.keySet());
            return result;
        }
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                String owner = d.getSource() == null ? "?" : ownerOf(d.getSource().getName(), sources);
                result.failed.add(owner);
                result.errors.add(owner + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
            }
        }
        if (!ok && result.errors.isEmpty()) {
            result.errors.add("javac crashed: it failed without an error diagnostic");
            result.failed.addAll(sources.keySet());
        }
        return result;
    }

    /** The source class a diagnostic's file belongs to (a generated machine counts as its method's class). */
    private static String ownerOf(String fileName, Map<String, String> sources) {
        String best = "?";
        for (String cls : sources.keySet()) {
            String simple = cls.substring(cls.lastIndexOf('.') + 1);
            String base = new File(fileName).getName();
            if (base.equals(simple + ".java") || base.startsWith(simple + "$") || base.startsWith(simple + "_")) {
                return cls;
            }
        }
        return best;
    }

    private static String classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : new Class<?>[] {Async.class, Fx.class}) {
            try {
                entries.add(new File(c.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** A source held in memory. */
    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String className, String text) {
            super(URI.create("mem:///" + className.replace('.', '/') + ".java"), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    /** An output (class or generated source) held in memory. */
    private static final class Output extends SimpleJavaFileObject {
        private final String name;
        private final Result result;
        private byte[] bytes = new byte[0];

        Output(String name, Kind kind, Result result) {
            super(URI.create("mem:///out/" + name.replace('.', '/') + kind.extension), kind);
            this.name = name;
            this.result = result;
        }

        @Override
        public OutputStream openOutputStream() {
            return new ByteArrayOutputStream() {
                @Override
                public void close() {
                    bytes = toByteArray();
                    if (getKind() == Kind.CLASS) {
                        result.classes.put(name, bytes);
                    } else {
                        result.generated.put(name, new String(bytes, StandardCharsets.UTF_8));
                    }
                }
            };
        }

        @Override
        public InputStream openInputStream() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Sends every output to memory. */
    private static final class Memory extends ForwardingJavaFileManager<JavaFileManager> {
        private final Result result;

        Memory(JavaFileManager delegate, Result result) {
            super(delegate);
            this.result = result;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                FileObject sibling) {
            return new Output(className, kind, result);
        }

        @Override
        public boolean isSameFile(FileObject a, FileObject b) {
            return a.toUri().equals(b.toUri());
        }
    }
}
