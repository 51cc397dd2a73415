package dev.jawait.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.jawait.Await;
import dev.jawait.Future;
import dev.jawait.processor.testing.CompileAndRun;
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
 * DESIGN §3.7: IntelliJ hands processors a wrapped ProcessingEnvironment (a Proxy, or a delegate
 * holding the real one in a field); the processor unwraps it. A compiler without javac's trees
 * (Eclipse's) gets one clear error.
 */
@Timeout(60)
class EnvironmentTest {

    /** Runs {@link AsyncProcessor} with the environment javac gives, wrapped by {@code wrap}. */
    static final class Wrapping extends AbstractProcessor {
        private final AsyncProcessor delegate = new AsyncProcessor();
        private final java.util.function.UnaryOperator<ProcessingEnvironment> wrap;

        Wrapping(java.util.function.UnaryOperator<ProcessingEnvironment> wrap) {
            this.wrap = wrap;
        }

        @Override
        public synchronized void init(ProcessingEnvironment env) {
            super.init(env);
            delegate.init(wrap.apply(env));
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return delegate.getSupportedAnnotationTypes();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            return delegate.process(annotations, round);
        }
    }

    /** A delegating wrapper in the style of IntelliJ's: the real environment sits in a field. */
    static final class DelegatingEnv implements ProcessingEnvironment {
        private final ProcessingEnvironment delegate;

        DelegatingEnv(ProcessingEnvironment delegate) {
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

    private static Object compileAndRun(AbstractProcessor processor) throws Exception {
        Compilation c = Compiler.javac().withProcessors(processor)
                .compile(JavaFileObjects.forSourceString("demo.Straight", SkeletonTest.SOURCE));
        assertEquals(Compilation.Status.SUCCESS, c.status(), c.diagnostics().toString());
        Class<?> cls = CompileAndRun.load(c).loadClass("demo.Straight");
        java.lang.reflect.Method run = cls.getDeclaredMethod("runStatic");
        run.setAccessible(true);
        return Await.blockOn((Future<?>) run.invoke(null));
    }

    @Test
    void unwrapsAProxiedEnvironment() throws Exception {
        assertEquals(42, compileAndRun(new Wrapping(env -> (ProcessingEnvironment) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ProcessingEnvironment.class},
                (proxy, method, args) -> method.invoke(env, args)))));
    }

    @Test
    void unwrapsADelegatingEnvironment() throws Exception {
        assertEquals(42, compileAndRun(new Wrapping(DelegatingEnv::new)));
    }

    @Test
    void anEnvironmentWithoutJavacGetsOneClearError() {
        // Hides javac entirely, as a foreign compiler would: only the public interface is visible.
        ProcessingEnvironment[] real = new ProcessingEnvironment[1];
        Wrapping foreign = new Wrapping(env -> {
            real[0] = env;
            return new ProcessingEnvironment() {
                @Override public Map<String, String> getOptions() { return real[0].getOptions(); }
                @Override public Messager getMessager() { return real[0].getMessager(); }
                @Override public Filer getFiler() { return real[0].getFiler(); }
                @Override public Elements getElementUtils() { return real[0].getElementUtils(); }
                @Override public Types getTypeUtils() { return real[0].getTypeUtils(); }
                @Override public SourceVersion getSourceVersion() { return real[0].getSourceVersion(); }
                @Override public Locale getLocale() { return real[0].getLocale(); }
            };
        });
        Compilation c = Compiler.javac().withProcessors(foreign)
                .compile(JavaFileObjects.forSourceString("demo.Straight", SkeletonTest.SOURCE));
        assertEquals(1, c.errors().size(), c.diagnostics().toString());
        assertTrue(c.errors().get(0).getMessage(Locale.ROOT).contains("Eclipse"), c.errors().toString());
    }

    @Test
    void addExportsHelpListsEveryFlagForEveryTool() {
        String help = JdkAccess.addExportsHelp("test");
        for (String p : JdkAccess.PACKAGES) {
            assertTrue(help.contains("--add-exports=jdk.compiler/" + p + "=ALL-UNNAMED"), help);
            assertTrue(help.contains("<arg>-J--add-exports=jdk.compiler/" + p + "=ALL-UNNAMED</arg>"), help);
        }
        assertTrue(help.contains(".mvn/jvm.config") && help.contains("argLine"), help);
    }
}
