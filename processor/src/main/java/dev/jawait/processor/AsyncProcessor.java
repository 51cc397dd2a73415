package dev.jawait.processor;

import com.google.auto.service.AutoService;
import com.sun.source.util.Trees;
import dev.jawait.processor.check.CheckRunner;
import dev.jawait.processor.check.MachineErrorFilter;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * The jawait annotation processor: rewrites every {@code @Async} method into a generated state
 * machine. One pass per file: {@link AsyncAnalysis} (analyse) → {@link AsyncMethodCheck}
 * (validate) → {@link StateLowering} (lower to {@link MachineIr}) → {@link MachineEmitter} (emit
 * with JavaPoet through the Filer) → {@link Redirect} (make the method return the machine; the
 * only javac-internal step).
 */
@AutoService(Processor.class)
public final class AsyncProcessor extends AbstractProcessor {
    private Trees trees;
    private Redirect redirect;
    private String setupError;
    private CheckRunner checks;
    /** Machine names used so far, across rounds (overloads get numbers). */
    private final Map<String, Integer> names = new HashMap<>();
    /** Qualified names of the machines this processor wrote. */
    private final Set<String> written = new java.util.HashSet<>();
    private static final String GENERATED = "javax.annotation.processing.Generated";

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        // Every file, not only those with @Async: an await anywhere else is an error to report.
        return Set.of("*");
    }

    /** {@code -Ajawait.printMachines}: print each generated machine as a note (for debugging). */
    static final String PRINT_OPTION = "jawait.printMachines";

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(PRINT_OPTION);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        ProcessingEnvironment javac = JdkAccess.unwrap(env);
        if (javac == null || !hasTrees(javac)) {
            setupError = "jawait needs javac (the JDK compiler): this compiler's processing environment ("
                    + env.getClass().getName() + ") offers no javac trees. Eclipse's compiler (ECJ) is not"
                    + " supported; build with javac (e.g. Maven or Gradle), or delegate the IDE build to it.";
            return;
        }
        Optional<String> opened = JdkAccess.openCompilerPackages();
        if (opened.isPresent()) {
            setupError = JdkAccess.addExportsHelp(opened.get());
            return;
        }
        try {
            trees = Trees.instance(javac);
            redirect = new Redirect(javac);
            checks = new CheckRunner(processingEnv, trees);
            MachineErrorFilter.install(javac, Redirect.diagnosticGate(javac));
        } catch (Throwable t) {
            setupError = JdkAccess.addExportsHelp(t.toString());
        }
    }

    /** Eclipse's compiler and other non-javac environments have no Trees: it throws. */
    private static boolean hasTrees(ProcessingEnvironment env) {
        try {
            Trees.instance(env);
            return true;
        } catch (IllegalArgumentException | LinkageError e) {
            return false;
        }
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        TypeElement async = processingEnv.getElementUtils().getTypeElement(AsyncAnalysis.ASYNC);
        if (async == null) {
            return false;
        }
        if (setupError != null) {
            Set<? extends Element> methods = round.getElementsAnnotatedWith(async);
            if (!methods.isEmpty()) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, setupError, methods.iterator().next());
                setupError = null; // one error, not one per method
            }
            return false;
        }
        if (trees == null) {
            return false;
        }
        checks.checkUnits(round);
        AsyncAnalysis analysis = new AsyncAnalysis(processingEnv, trees, checks.scopes());
        AsyncMethodCheck check = new AsyncMethodCheck(trees);
        for (ExecutableElement method : checks.asyncMethods(round)) {
            checks.scopes().clear(); // the redirect of the previous method changed the trees
            try {
                Redirect.typeEnclosingClasses(trees, method);
                if (checks.checkMethod(method, round)) {
                    process(method, analysis, check);
                }
            } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError ex) {
                checks.internalError(method, ex); // one error on the method, never a processor crash
            }
        }
        return claimable(annotations, round);
    }

    /**
     * Claims the round's annotations when, apart from the platform's own ({@code java.lang.*},
     * which javac never reports), they are only {@code @Async} and the {@code @Generated} of the
     * machines written here: otherwise {@code -Xlint:processing} warns that no processor claimed
     * them, which fails {@code -Werror} builds. Anything else stays visible to other processors.
     */
    private boolean claimable(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        boolean any = false;
        for (TypeElement a : annotations) {
            String name = a.getQualifiedName().toString();
            if (name.equals(GENERATED)) {
                for (Element e : round.getElementsAnnotatedWith(a)) {
                    if (!(e instanceof TypeElement) || !written.contains(((TypeElement) e).getQualifiedName().toString())) {
                        return false;
                    }
                }
                any = true;
            } else if (name.equals(AsyncAnalysis.ASYNC)) {
                any = true;
            } else if (!name.startsWith("java.lang.")) {
                return false;
            }
        }
        return any;
    }

    private void process(ExecutableElement method, AsyncAnalysis analysis, AsyncMethodCheck check) {
        AsyncMethod m = analysis.analyse(method, machineName(method, names));
        if (m == null || !check.check(m)) {
            return;
        }
        MachineIr ir = new StateLowering(m, processingEnv, trees, checks.scopes()).lower();
        if (ir == null) {
            return;
        }
        if (processingEnv.getOptions().containsKey(PRINT_OPTION)) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.NOTE,
                    MachineEmitter.render(ir), method);
        }
        try {
            MachineEmitter.write(ir, processingEnv.getFiler());
        } catch (IOException | RuntimeException ex) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    "jawait: could not write the state machine " + m.machineName + ": " + ex, method);
            return;
        }
        written.add(m.packageName.isEmpty() ? m.machineName : m.packageName + "." + m.machineName);
        redirect.prepend(m.tree, ir.redirectStatement);
    }

    /** {@code Outer_Inner_method_Async}, numbered for overloads. */
    private static String machineName(ExecutableElement method, Map<String, Integer> used) {
        StringBuilder owner = new StringBuilder();
        for (Element c = method.getEnclosingElement(); c instanceof TypeElement; c = c.getEnclosingElement()) {
            owner.insert(0, c.getSimpleName() + "_");
        }
        String base = owner + method.getSimpleName().toString() + "_Async";
        String pkgKey = method.getEnclosingElement().toString() + "#" + base;
        int n = used.merge(pkgKey, 1, Integer::sum);
        return n == 1 ? base : base + n;
    }
}
