package dev.jawait.processor.check;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
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
 * <p>The filter itself uses only the public {@code com.sun.source} API; holding diagnostics back
 * needs javac's log, which the processor's one javac-internals class provides as a
 * {@link DiagnosticGate}. Without a gate javac's reporting stays as it is (harmless duplicates).
 */
public final class MachineErrorFilter implements TaskListener {
    private static final String MACHINE = "dev.jawait.machine.AsyncMachine";

    /** The part of javac's log the filter needs. */
    public interface DiagnosticGate {
        /** Errors reported so far in this compilation. */
        int errorCount();

        /** Holds back every diagnostic reported from now on; false if that is not possible. */
        boolean hold();

        /** Drops what was held and reports normally again. */
        void release();
    }

    private final DiagnosticGate gate;
    private TypeElement holding;

    private MachineErrorFilter(DiagnosticGate gate) {
        this.gate = gate;
    }

    /** Installs the filter on javac's task; does nothing without a gate or a task. */
    public static void install(ProcessingEnvironment javacEnv, DiagnosticGate gate) {
        if (gate == null) {
            return;
        }
        try {
            JavacTask.instance(javacEnv).addTaskListener(new MachineErrorFilter(gate));
        } catch (RuntimeException | LinkageError e) {
            // Without the filter a user error may also be reported in the generated machine; harmless.
        }
    }

    @Override
    public void started(TaskEvent e) {
        if (e.getKind() == TaskEvent.Kind.ANALYZE && holding == null && gate.errorCount() > 0
                && isMachine(e.getTypeElement()) && gate.hold()) {
            holding = e.getTypeElement();
        }
    }

    @Override
    public void finished(TaskEvent e) {
        if (e.getKind() == TaskEvent.Kind.ANALYZE && holding != null && e.getTypeElement() == holding) {
            holding = null;
            gate.release();
        }
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
