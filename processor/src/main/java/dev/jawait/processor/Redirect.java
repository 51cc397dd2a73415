package dev.jawait.processor;

import com.sun.source.tree.MethodTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import com.sun.tools.javac.parser.JavacParser;
import com.sun.tools.javac.parser.ParserFactory;
import com.sun.tools.javac.processing.JavacProcessingEnvironment;
import com.sun.tools.javac.tree.JCTree;
import com.sun.tools.javac.tree.TreeScanner;
import com.sun.tools.javac.util.Context;
import com.sun.tools.javac.util.Log;
import dev.jawait.processor.check.MachineErrorFilter;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.function.Predicate;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;

/**
 * The redirect pass, and the only class that uses {@code com.sun.tools.javac} (DESIGN §3.3):
 * besides the redirect it lends {@link MachineErrorFilter} javac's log ({@link #diagnosticGate}).
 *
 * <p>It prepends one statement to the {@code @Async} method's body, e.g.
 * {@code if (true) return new Foo_bar_Async<>(this, a, b);}. The original statements stay in
 * place: javac's reachability rules (JLS 14.22) treat what follows {@code if (true) return} as
 * reachable, so the user's code is still attributed and flow-checked (definite assignment
 * included) and reported on at its true positions, while {@code Gen} emits no bytecode for it.
 * Verified on JDK 17 and 25: the method compiles to the return alone; lambdas and anonymous
 * classes in the dead code are still generated (harmless, never used). Processors run after
 * parsing and entering and before attribution, so changing the tree now is seen by everything
 * that follows; the machine class is written through the Filer in the same round and resolves
 * when the method is attributed.
 */
final class Redirect {
    private final ParserFactory parsers;

    /** @param javacEnv javac's own environment (already unwrapped) */
    Redirect(ProcessingEnvironment javacEnv) {
        Context context = ((JavacProcessingEnvironment) javacEnv).getContext();
        this.parsers = ParserFactory.instance(context);
    }

    /**
     * The statement {@link #prepend} puts first in the method's body: it returns the machine,
     * created from the method's instances and parameters (started at once for an eager method).
     */
    static String statement(AsyncMethod m) {
        StringBuilder args = new StringBuilder();
        for (int i = 0; i < m.instances.size(); i++) {
            if (i > 0) {
                args.append(", ");
            }
            args.append(i == 0 ? "this" : m.instances.get(i).getQualifiedName() + ".this");
        }
        for (VariableTree p : m.tree.getParameters()) {
            if (args.length() > 0) {
                args.append(", ");
            }
            args.append(p.getName());
        }
        boolean generic = !MachineEmitter.typeVariables(m).isEmpty();
        String qualified = (m.packageName.isEmpty() ? "" : m.packageName + ".") + m.machineName;
        String machine = "new " + qualified + (generic ? "<>" : "") + "(" + args + ")";
        if (m.kind == AsyncMethod.Kind.EAGER) {
            machine = "dev.jawait.machine.EagerDriver.start(" + machine + ")";
        }
        return "if (true) return " + machine + ";";
    }

    /**
     * Prepends {@code statement} (Java source for one statement) to {@code method}'s body. Every
     * node of the parsed statement gets the body's start position, so a problem in it would be
     * reported at the method's opening brace rather than at offset 0 of the file.
     */
    void prepend(MethodTree method, String statement) {
        JCTree.JCMethodDecl decl = (JCTree.JCMethodDecl) method;
        JavacParser parser = parsers.newParser(statement, false, false, false);
        JCTree.JCStatement parsed = parser.parseStatement();
        int pos = decl.body.pos;
        new TreeScanner() {
            @Override
            public void scan(JCTree tree) {
                if (tree != null) {
                    tree.pos = pos;
                    super.scan(tree);
                }
            }
        }.scan(parsed);
        decl.body.stats = decl.body.stats.prepend(parsed);
    }

    /**
     * javac's log as the {@link MachineErrorFilter}'s gate, or null when it cannot be reached.
     * Holding back is a deferred diagnostic handler that keeps everything reported while it is on
     * top; its constructor differs between JDK 17 and 25, hence the reflection.
     */
    static MachineErrorFilter.DiagnosticGate diagnosticGate(ProcessingEnvironment javacEnv) {
        try {
            Log log = Log.instance(((JavacProcessingEnvironment) javacEnv).getContext());
            Constructor<?> handler = Log.DeferredDiagnosticHandler.class.getConstructor(Log.class, Predicate.class);
            Field top = Log.class.getDeclaredField("diagnosticHandler");
            top.setAccessible(true);
            return new LogGate(log, handler, top);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static final class LogGate implements MachineErrorFilter.DiagnosticGate {
        private final Log log;
        private final Constructor<?> handlerConstructor;
        private final Field top;
        private Log.DiagnosticHandler handler;
        private boolean holding;

        LogGate(Log log, Constructor<?> handlerConstructor, Field top) {
            this.log = log;
            this.handlerConstructor = handlerConstructor;
            this.top = top;
        }

        @Override
        public int errorCount() {
            return log.nerrors;
        }

        @Override
        public boolean hold() {
            try {
                Predicate<Object> deferWhileHolding = d -> holding;
                handler = (Log.DiagnosticHandler) handlerConstructor.newInstance(log, deferWhileHolding);
                holding = true;
                return true;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                handler = null;
                return false;
            }
        }

        @Override
        public void release() {
            holding = false; // from now on the handler passes everything through
            try {
                if (top.get(log) == handler) {
                    log.popDiagnosticHandler(handler);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // left installed but inactive: it passes every diagnostic on
            }
            handler = null;
        }
    }

    /**
     * Gives the trees of the classes enclosing {@code method} their type, as attribution would.
     * {@code Trees.getScope} attributes the method before javac has, and resolving
     * {@code Iface.super} there reads the enclosing class tree's type, still null (JDK 17 and 25
     * fail with a NullPointerException in {@code Resolve.resolveSelf}).
     */
    static void typeEnclosingClasses(Trees trees, Element method) {
        TreePath path = trees.getPath(method);
        for (TreePath p = path; p != null; p = p.getParentPath()) {
            if (p.getLeaf() instanceof JCTree.JCClassDecl) {
                JCTree.JCClassDecl c = (JCTree.JCClassDecl) p.getLeaf();
                if (c.type == null && c.sym != null) {
                    c.type = c.sym.type;
                }
            }
        }
    }
}
