package dev.jawait.processor.check;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.tools.javac.processing.JavacProcessingEnvironment;
import com.sun.tools.javac.util.Log;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.function.Predicate;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Keeps a user's mistake from being reported twice. A generated state machine copies the
 * statements of its {@code @Async} body, so a type error there would be reported on the user's
 * line and again inside the generated class. javac attributes the user's classes before the
 * machines generated from them; when a machine's analysis starts after errors have already been
 * reported, its diagnostics are held back and dropped: the build fails anyway, on the user's
 * line, and once that is fixed any error of the machine itself shows again. When nothing failed
 * before, the machine's diagnostics pass through untouched, so a processor bug is never hidden.
 *
 * <p>This is the one use of {@code com.sun.tools.javac} outside the redirect, and it is optional:
 * any failure to install or run it leaves javac's reporting as it is. The handler is built by
 * reflection because its constructor differs between JDK 17 and 25.
 */
public final class MachineErrorFilter implements TaskListener {
    private static final String MACHINE = "dev.jawait.machine.AsyncMachine";

    private final Log log;
    private final Constructor<?> handlerConstructor;
    private final Field top;
    private Log.DiagnosticHandler handler;
    private TypeElement holding;

    private MachineErrorFilter(Log log, Constructor<?> handlerConstructor, Field top) {
        this.log = log;
        this.handlerConstructor = handlerConstructor;
        this.top = top;
    }

    /** Installs the filter on javac's own environment; does nothing if that is not possible. */
    public static void install(ProcessingEnvironment javacEnv) {
        try {
            Log log = Log.instance(((JavacProcessingEnvironment) javacEnv).getContext());
            Constructor<?> c = Log.DeferredDiagnosticHandler.class.getConstructor(Log.class, Predicate.class);
            Field top = Log.class.getDeclaredField("diagnosticHandler");
            top.setAccessible(true);
            JavacTask.instance(javacEnv).addTaskListener(new MachineErrorFilter(log, c, top));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // Without the filter a user error may also be reported in the generated machine; harmless.
        }
    }

    @Override
    public void started(TaskEvent e) {
        if (e.getKind() != TaskEvent.Kind.ANALYZE || holding != null || log.nerrors == 0
                || !isMachine(e.getTypeElement())) {
            return;
        }
        try {
            Predicate<Object> hold = d -> holding != null;
            handler = (Log.DiagnosticHandler) handlerConstructor.newInstance(log, hold);
            holding = e.getTypeElement();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
            handler = null;
        }
    }

    @Override
    public void finished(TaskEvent e) {
        if (e.getKind() != TaskEvent.Kind.ANALYZE || holding == null || e.getTypeElement() != holding) {
            return;
        }
        holding = null; // from now on the handler passes everything through
        try {
            if (top.get(log) == handler) {
                log.popDiagnosticHandler(handler);
            }
        } catch (ReflectiveOperationException | RuntimeException ex) {
            // left installed but inactive: it passes every diagnostic on
        }
        handler = null;
    }

    private static boolean isMachine(TypeElement type) {
        if (type == null) {
            return false;
        }
        TypeMirror sup = type.getSuperclass();
        return sup.getKind() == TypeKind.DECLARED
                && ((TypeElement) ((DeclaredType) sup).asElement()).getQualifiedName().contentEquals(MACHINE);
    }
}
