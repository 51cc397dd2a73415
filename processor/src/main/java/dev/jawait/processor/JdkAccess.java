package dev.jawait.processor;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Gets the processor access to javac: unwraps a wrapped {@link ProcessingEnvironment} (IntelliJ)
 * and opens the {@code jdk.compiler} packages that {@link Redirect} uses to the processor's own
 * module (DESIGN §3.4), so users put nothing but the processor on the processor path.
 *
 * <p>Opening uses the technique Lombok made known: {@code sun.misc.Unsafe} flips the accessible
 * flag of {@code Module.implAddOpens}, which is then called for each package. No other class of
 * the processor touches {@code sun.misc.Unsafe}.
 */
final class JdkAccess {
    private JdkAccess() {}

    /** The packages {@link Redirect} needs. */
    static final List<String> PACKAGES = List.of(
            "com.sun.tools.javac.api",
            "com.sun.tools.javac.code",
            "com.sun.tools.javac.parser",
            "com.sun.tools.javac.processing",
            "com.sun.tools.javac.tree",
            "com.sun.tools.javac.util");

    /** The one error shown when opening fails: the exact flags that grant the access instead. */
    static String addExportsHelp(String cause) {
        StringBuilder jvmConfig = new StringBuilder();
        StringBuilder forked = new StringBuilder();
        for (String p : PACKAGES) {
            String flag = "--add-exports=jdk.compiler/" + p + "=ALL-UNNAMED";
            jvmConfig.append("\n    ").append(flag);
            forked.append("\n    <arg>-J").append(flag).append("</arg>");
        }
        return "jawait could not open the jdk.compiler packages it needs (" + cause + ")."
                + " Grant them explicitly:"
                + "\n  in .mvn/jvm.config (in-process javac, Maven):" + jvmConfig
                + "\n  for a forked javac (maven-compiler-plugin <fork>true</fork>), in <compilerArgs>:" + forked
                + "\n  for compile-testing in tests, in surefire's <argLine>:" + jvmConfig.toString().replace("\n    ", " ");
    }

    /**
     * Returns javac's own processing environment behind {@code env}: IntelliJ hands processors a
     * {@link Proxy} or a delegating wrapper. Returns {@code env} unchanged if it is javac's already,
     * and {@code null} if no javac environment can be found (Eclipse's compiler, for one).
     */
    static ProcessingEnvironment unwrap(ProcessingEnvironment env) {
        return unwrap(env, 0);
    }

    private static ProcessingEnvironment unwrap(Object candidate, int depth) {
        if (candidate == null || depth > 4) {
            return null;
        }
        if (candidate.getClass().getName().equals("com.sun.tools.javac.processing.JavacProcessingEnvironment")) {
            return (ProcessingEnvironment) candidate;
        }
        if (Proxy.isProxyClass(candidate.getClass())) {
            InvocationHandler handler = Proxy.getInvocationHandler(candidate);
            return unwrapFields(handler, depth);
        }
        return unwrapFields(candidate, depth);
    }

    /** Looks through the fields of a wrapper for the environment it delegates to. */
    private static ProcessingEnvironment unwrapFields(Object wrapper, int depth) {
        for (Class<?> c = wrapper.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    Object value = f.get(wrapper);
                    if (value instanceof ProcessingEnvironment && value != wrapper) {
                        ProcessingEnvironment found = unwrap(value, depth + 1);
                        if (found != null) {
                            return found;
                        }
                    }
                } catch (ReflectiveOperationException | RuntimeException ignored) {
                    // an inaccessible field is simply not the delegate
                }
            }
        }
        return null;
    }

    /**
     * Opens {@link #PACKAGES} of {@code jdk.compiler} to the processor's module.
     *
     * @return empty on success, else the reason it failed
     */
    static Optional<String> openCompilerPackages() {
        try {
            Optional<Module> compiler = ModuleLayer.boot().findModule("jdk.compiler");
            if (compiler.isEmpty()) {
                return Optional.of("module jdk.compiler not found");
            }
            Module jdkCompiler = compiler.get();
            Module self = JdkAccess.class.getModule();
            boolean all = true;
            for (String p : PACKAGES) {
                all &= jdkCompiler.isExported(p, self);
            }
            if (all) {
                return Optional.empty(); // already granted by flags (or by an earlier processor)
            }
            Method addOpens = Module.class.getDeclaredMethod("implAddOpens", String.class, Module.class);
            forceAccessible(addOpens);
            for (String p : PACKAGES) {
                addOpens.invoke(jdkCompiler, p, self);
            }
            return Optional.empty();
        } catch (Throwable t) {
            return Optional.of(t.toString());
        }
    }

    /**
     * Sets {@code AccessibleObject.override} through {@code sun.misc.Unsafe}. Its offset is that of
     * the first field of a class shaped like {@code AccessibleObject} (one boolean field), since the
     * real field is filtered from reflection.
     */
    private static void forceAccessible(Method m) throws ReflectiveOperationException {
        Field unsafeField = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
        unsafeField.setAccessible(true);
        Object unsafe = unsafeField.get(null);
        Class<?> unsafeClass = unsafe.getClass();
        long offset = (long) unsafeClass.getMethod("objectFieldOffset", Field.class)
                .invoke(unsafe, AccessibleShape.class.getDeclaredField("override"));
        unsafeClass.getMethod("putBooleanVolatile", Object.class, long.class, boolean.class)
                .invoke(unsafe, m, offset, true);
    }

    /** Mirrors the field layout of {@code java.lang.reflect.AccessibleObject}. */
    @SuppressWarnings("unused")
    private static final class AccessibleShape {
        boolean override;
        Object accessCheckCache;
    }
}
