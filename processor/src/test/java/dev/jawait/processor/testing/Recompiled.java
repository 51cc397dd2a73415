package dev.jawait.processor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.jawait.Await;
import dev.jawait.Future;
import dev.jawait.processor.testing.CompileAndRun.Outcome;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a machine, or its synchronous twin, against a type that was changed and recompiled
 * after the machine was compiled (a sealed hierarchy with a new subtype, an enum with a new
 * constant): what a switch does with a value it has never seen.
 */
public final class Recompiled {
    private Recompiled() {}

    /** A new instance of class {@code name} of {@code loader}, made with its no-argument constructor. */
    public static Object newInstance(ClassLoader loader, String name) {
        try {
            java.lang.reflect.Constructor<?> c = loader.loadClass(name).getDeclaredConstructor();
            c.setAccessible(true); // a package-private test type
            return c.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Compiles {@code source} (class {@code className}, with javac {@code options}) with the
     * processor, or as its synchronous twin when {@code twin}; then {@code changedSource} (class
     * {@code changedName}) alone over it; and calls the static method {@code entry} of
     * {@code className} with the argument that {@code argument} makes from the loaded classes,
     * driving a returned future with futures of {@code mode}.
     */
    public static Outcome run(List<String> options, String className, String source, String changedName,
            String changedSource, boolean twin, Fx.Mode mode, String entry, Function<ClassLoader, Object> argument)
            throws ReflectiveOperationException {
        Compilation before;
        if (twin) {
            before = Compiler.javac().withOptions(options)
                    .compile(JavaFileObjects.forSourceString(className, CompileAndRun.syncTwin(source)));
        } else {
            // One file holds the changed types too (the harness compiles one), so javac's lint
            // notes the machine using those auxiliary classes: that is the test's layout.
            List<String> all = new ArrayList<>(options);
            all.add("-Xlint:-auxiliaryclass");
            before = CompileAndRun.compile(className, source, all);
        }
        Compilation after = Compiler.javac().withOptions(options)
                .compile(JavaFileObjects.forSourceString(changedName, changedSource));
        assertEquals(Compilation.Status.SUCCESS, before.status(), before.diagnostics().toString());
        assertEquals(Compilation.Status.SUCCESS, after.status(), after.diagnostics().toString());
        ClassLoader loader = CompileAndRun.load(List.of(before, after));
        Method method = null;
        for (Method m : loader.loadClass(className).getDeclaredMethods()) {
            if (m.getName().equals(entry)) {
                method = m;
            }
        }
        if (method == null) {
            throw new NoSuchMethodException(className + "." + entry);
        }
        method.setAccessible(true);
        Object arg = argument.apply(loader);
        Fx.mode = mode;
        Fx.takeLog();
        try {
            Object f = method.invoke(null, arg);
            return new Outcome(Await.blockOn((Future<?>) f), null, Fx.takeLog());
        } catch (InvocationTargetException e) {
            return new Outcome(null, e.getCause(), Fx.takeLog());
        } catch (RuntimeException e) {
            return new Outcome(null, e, Fx.takeLog());
        } finally {
            Fx.mode = Fx.Mode.READY;
        }
    }
}
