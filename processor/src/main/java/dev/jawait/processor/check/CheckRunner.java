package dev.jawait.processor.check;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;

/**
 * Applies jawait's checks (issue 4) for the processor. Per round: {@link #checkUnits} runs the
 * {@link UnitCheck}s over every compilation unit the round sees (awaits may be misused in any
 * file, not only those with {@code @Async}); then, for each method {@link #asyncMethods} lists,
 * {@link #checkMethod} runs the {@link MethodCheck}s and says whether the method may be lowered.
 * {@link #internalError} turns an unexpected exception into one error on the method.
 */
public final class CheckRunner {
    private static final String ASYNC = "dev.jawait.Async";

    private final ProcessingEnvironment env;
    private final Trees trees;
    private final Reporter reporter;
    private final List<UnitCheck> unitChecks;
    private final List<MethodCheck> methodChecks = List.of(
            new AwaitInSynchronizedCheck(), new UndenotableTypeCheck(), new DiscardedFutureCheck(),
            new LockAcrossAwaitCheck(), new NoAwaitCheck());
    private final Map<CompilationUnitTree, UnitFacts> units = new IdentityHashMap<>();
    /** Methods whose types did not resolve yet (another processor may generate them), by tree. */
    private Map<MethodTree, TreePath> deferred = new LinkedHashMap<>();
    private final ScopeCache scopes;

    /**
     * @param env the processing environment (for the messager and element utilities)
     * @param trees javac's trees
     */
    public CheckRunner(ProcessingEnvironment env, Trees trees) {
        this.env = env;
        this.trees = trees;
        this.scopes = new ScopeCache(trees);
        this.reporter = new Reporter(trees);
        this.unitChecks = List.of(new AsyncDeclarationCheck(trees), new AwaitOutsideAsyncCheck(),
                new AwaitInLambdaCheck(), new AwaitInNestedClassCheck(), new AwaitMethodReferenceCheck());
    }

    /** The scope answers this runner's method checks got, for the analysis of the same method. */
    public ScopeCache scopes() {
        return scopes;
    }

    /** Runs the unit checks over each compilation unit of the round's root elements, once per unit. */
    public void checkUnits(RoundEnvironment round) {
        for (Element root : round.getRootElements()) {
            try {
                TreePath path = trees.getPath(root);
                if (path != null) {
                    facts(path.getCompilationUnit());
                }
            } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                internalError(root, e);
            }
        }
    }

    private UnitFacts facts(CompilationUnitTree unit) {
        UnitFacts facts = units.get(unit);
        if (facts == null) {
            facts = UnitFacts.scan(unit, new AwaitMatcher(unit, trees, env.getElementUtils()));
            units.put(unit, facts);
            for (UnitCheck c : unitChecks) {
                c.check(facts, reporter);
            }
        }
        return facts;
    }

    /** The {@code @Async} methods to process now: the round's, and those deferred by an earlier round. */
    public List<ExecutableElement> asyncMethods(RoundEnvironment round) {
        List<ExecutableElement> out = new ArrayList<>();
        Map<MethodTree, TreePath> previous = deferred;
        deferred = new LinkedHashMap<>();
        for (TreePath p : previous.values()) {
            Element e = trees.getElement(p);
            if (e instanceof ExecutableElement) {
                out.add((ExecutableElement) e);
            }
        }
        TypeElement async = env.getElementUtils().getTypeElement(ASYNC);
        if (async != null) {
            for (Element e : round.getElementsAnnotatedWith(async)) {
                if (e.getKind() == ElementKind.METHOD && !out.contains(e)) {
                    out.add((ExecutableElement) e);
                }
            }
        }
        return out;
    }

    /**
     * Runs the method checks on {@code method}.
     *
     * @return true if the method may be lowered; false after an error was reported, or when the
     *     method mentions a type that does not resolve (javac reports it; if a later round may yet
     *     generate it, the method is listed again by the next {@link #asyncMethods})
     */
    public boolean checkMethod(ExecutableElement method, RoundEnvironment round) {
        TreePath path = trees.getPath(method);
        if (path == null || !(path.getLeaf() instanceof MethodTree)) {
            return true; // the analysis reports a method without source
        }
        MethodTree tree = (MethodTree) path.getLeaf();
        UnitFacts unit = facts(path.getCompilationUnit());
        if (reporter.hasError(tree) || tree.getBody() == null) {
            return false;
        }
        MethodFacts facts = new MethodFacts(method, path, unit.matcher, unit.awaits, env, trees, scopes);
        if (hasUnresolvedTypes(facts)) {
            // Another processor may generate the missing type in this round: look again next round.
            // In the last round, leave it: javac reports the missing type on the user's line, and
            // a second, generated-code error from jawait would only hide that one.
            if (!round.processingOver()) {
                deferred.put(tree, path);
            }
            return false;
        }
        for (MethodCheck c : methodChecks) {
            c.check(facts, reporter);
        }
        return !reporter.hasError(tree);
    }

    /** Reports an unexpected failure while processing {@code element} as one error, not a crash. */
    public void internalError(Element element, Throwable t) {
        String message;
        if (t.getClass().getName().endsWith("CompletionFailure")) {
            message = "jawait could not process " + describe(element) + ": a class it refers to is missing or"
                    + " broken (" + t.getMessage() + "); fix the class path";
        } else {
            StackTraceElement where = t.getStackTrace().length > 0 ? t.getStackTrace()[0] : null;
            message = "jawait internal error while processing " + describe(element) + ": " + t
                    + (where == null ? "" : " (at " + where.getFileName() + ":" + where.getLineNumber() + ")")
                    + "; please report this with the method's source";
        }
        env.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element);
    }

    private static String describe(Element e) {
        Element owner = e.getEnclosingElement();
        return owner instanceof TypeElement ? ((TypeElement) owner).getQualifiedName() + "." + e.getSimpleName()
                : String.valueOf(e.getSimpleName());
    }

    private boolean hasUnresolvedTypes(MethodFacts facts) {
        if (facts.method == null) {
            return false;
        }
        if (unresolved(facts.method.getReturnType())) {
            return true;
        }
        for (VariableElement p : facts.method.getParameters()) {
            if (unresolved(p.asType())) {
                return true;
            }
        }
        for (AwaitSite site : facts.awaits) {
            for (VariableElement local : facts.localsAt(site)) {
                if (unresolved(local.asType())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean unresolved(TypeMirror t) {
        if (t == null) {
            return true;
        }
        if (t.getKind() == TypeKind.ERROR) {
            // getScope may give a local of an anonymous class an error type; that is not a missing class.
            return !UndenotableTypeCheck.isAnonymous(t);
        }
        if (t.getKind() == TypeKind.ARRAY) {
            return unresolved(((ArrayType) t).getComponentType());
        }
        if (t.getKind() == TypeKind.DECLARED) {
            for (TypeMirror a : ((DeclaredType) t).getTypeArguments()) {
                if (unresolved(a)) {
                    return true;
                }
            }
        }
        return false;
    }
}
