package dev.jawait.processor.diagnostics;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.jawait.processor.AsyncProcessor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The processor behind wrapped environments: IntelliJ's {@link Proxy}, a Gradle-style delegating
 * class (a {@code delegate} field), and a non-javac compiler without {@code Trees} (Eclipse).
 */
@Timeout(120)
class EnvironmentsTest {
    static final Src MISUSE = Src.of("Wrapped",
            "  static int plain(Future<Integer> f) { return await(f); }",
            "  @Async static Future<Integer> ok(Future<Integer> f) { return Future.ready(await(f)); }");

    /** Runs {@link AsyncProcessor} with the environment javac gives, wrapped by {@code wrap}. */
    static final class Wrapping extends AbstractProcessor {
        private final java.util.function.UnaryOperator<ProcessingEnvironment> wrap;
        private final AsyncProcessor inner = new AsyncProcessor();

        Wrapping(java.util.function.UnaryOperator<ProcessingEnvironment> wrap) {
            this.wrap = wrap;
        }

        @Override
        public synchronized void init(ProcessingEnvironment env) {
            super.init(env);
            inner.init(wrap.apply(env));
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return inner.getSupportedAnnotationTypes();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return inner.getSupportedSourceVersion();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            return inner.process(annotations, round);
        }
    }

    /** IntelliJ-style: a {@link Proxy} whose handler holds the real environment. */
    static ProcessingEnvironment proxy(ProcessingEnvironment env) {
        return (ProcessingEnvironment) Proxy.newProxyInstance(EnvironmentsTest.class.getClassLoader(),
                new Class<?>[] {ProcessingEnvironment.class}, (p, m, args) -> {
                    try {
                        return m.invoke(env, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Gradle-style: a class that forwards every call to its {@code delegate} field. */
    static class Delegating implements ProcessingEnvironment {
        private final ProcessingEnvironment delegate;

        Delegating(ProcessingEnvironment delegate) {
            this.delegate = delegate;
        }

        @Override public Map<String, String> getOptions() { return delegate.getOptions(); }
        @Override public Messager getMessager() { return delegate.getMessager(); }
        @Override public Filer getFiler() { return delegate.getFiler(); }
        @Override public Elements getElementUtils() { return delegate.getElementUtils(); }
        @Override public Types getTypeUtils() { return delegate.getTypeUtils(); }
        @Override public SourceVersion getSourceVersion() { return delegate.getSourceVersion(); }
        @Override public Locale getLocale() { return delegate.getLocale(); }
    }

    /** Like a non-javac compiler: forwards the standard API but hides javac (no field holds it). */
    static ProcessingEnvironment foreign(ProcessingEnvironment env) {
        Messager messager = env.getMessager();
        Filer filer = env.getFiler();
        Elements elements = env.getElementUtils();
        Types types = env.getTypeUtils();
        Map<String, String> options = env.getOptions();
        return new ProcessingEnvironment() {
            @Override public Map<String, String> getOptions() { return options; }
            @Override public Messager getMessager() { return messager; }
            @Override public Filer getFiler() { return filer; }
            @Override public Elements getElementUtils() { return elements; }
            @Override public Types getTypeUtils() { return types; }
            @Override public SourceVersion getSourceVersion() { return SourceVersion.RELEASE_17; }
            @Override public Locale getLocale() { return Locale.ROOT; }
        };
    }

    private static Compilation compile(java.util.function.UnaryOperator<ProcessingEnvironment> wrap) {
        return Compiler.javac().withProcessors(new Wrapping(wrap)).compile(MISUSE.file);
    }

    @Test
    void proxyWrappedEnvironmentIsUnwrapped() {
        Compilation c = compile(EnvironmentsTest::proxy);
        MISUSE.assertError(c, "'plain' is not one", "int plain", "await(f)");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void delegatingEnvironmentIsUnwrapped() {
        Compilation c = compile(Delegating::new);
        MISUSE.assertError(c, "'plain' is not one", "int plain", "await(f)");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void proxyAroundDelegateIsUnwrapped() {
        Compilation c = compile(env -> proxy(new Delegating(env)));
        MISUSE.assertError(c, "'plain' is not one", "int plain", "await(f)");
    }

    @Test
    void proxyWrappedEnvironmentStillGeneratesMachines() {
        Src ok = Src.of("Fine", "  @Async static Future<Integer> ok(Future<Integer> f) { return Future.ready(await(f)); }");
        Compilation c = Compiler.javac().withProcessors(new Wrapping(EnvironmentsTest::proxy)).compile(ok.file);
        assertThat(c).succeededWithoutWarnings();
        assertThat(c.generatedSourceFiles()).isNotEmpty();
    }

    @Test
    void nonJavacCompilerGetsOneClearError() {
        Compilation c = compile(EnvironmentsTest::foreign);
        assertThat(c).hadErrorContaining("jawait needs javac (the JDK compiler)");
        assertThat(c).hadErrorContaining("Eclipse's compiler (ECJ) is not supported");
        assertThat(c).hadErrorCount(1);
    }
}
